'use client';

import { useEffect, useMemo, useState, type BaseSyntheticEvent, type Dispatch, type SetStateAction } from 'react';
import type { FieldError, FieldErrors, FieldValues, Resolver } from 'react-hook-form';

// The part of react-hook-form the Packages form uses, in a few lines: react-hook-form itself is 12 KB of
// gzipped JavaScript that every first load of the page would pay (npm run bench:page, 150 KB budget).
// Same behaviour: uncontrolled inputs, values kept when a field unmounts (switching storage type), a
// field validated from its first blur on and every field on change after a submit, the resolver's
// output handed to the submit handler, the first field in error focused. Only types come from the library.

type Element = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
export interface SmallRegistration {
  name: string;
  ref: (element: Element | null) => void;
  onChange: (event: { target: EventTarget | null }) => void;
  onBlur: () => void;
}

export interface SmallForm<T extends FieldValues> {
  register: (name: keyof T & string) => SmallRegistration;
  /** The current values; the form's owner re-renders on every change, so reading them is watching them. */
  values: T;
  getValues: () => T;
  setValue: (name: keyof T & string, value: unknown) => void;
  reset: (values: T) => void;
  setError: (name: keyof T & string, error: FieldError, options?: { shouldFocus?: boolean }) => void;
  clearErrors: () => void;
  handleSubmit: (onValid: (values: T) => Promise<void> | void) => (event?: BaseSyntheticEvent) => Promise<void>;
  errors: FieldErrors<T>;
  isSubmitting: boolean;
}

/** What the element holds (an unchecked radio holds nothing: another of its group may). */
function read(element: Element): unknown {
  if (element instanceof HTMLInputElement && element.type === 'checkbox') return element.checked;
  if (element instanceof HTMLInputElement && element.type === 'radio' && !element.checked) return undefined;
  return element.value;
}

function write(element: Element, value: unknown) {
  if (element instanceof HTMLInputElement && element.type === 'checkbox') element.checked = value === true;
  else if (element instanceof HTMLInputElement && element.type === 'radio') element.checked = element.value === value;
  else element.value = value == null ? '' : String(value);
}

export function useSmallForm<T extends FieldValues>({ resolver, defaultValues }: { resolver: Resolver<T>; defaultValues: T }): SmallForm<T> {
  const [values, setValues] = useState<T>(defaultValues);
  const [errors, setErrors] = useState<FieldErrors<T>>({});
  const [isSubmitting, setSubmitting] = useState(false);
  // Created once: the methods keep their identity across renders (effects depend on setValue).
  const [methods] = useState(() => formMethods({ ...defaultValues }, resolver, setValues, setErrors, setSubmitting));
  useEffect(() => methods.setResolver(resolver), [methods, resolver]);
  return useMemo(() => ({ ...methods, values, errors, isSubmitting }), [methods, values, errors, isSubmitting]);
}

/** The form's methods over its values as typed (`current`); each change is published for the next render. */
function formMethods<T extends FieldValues>(
  initial: T,
  initialResolver: Resolver<T>,
  publish: (values: T) => void,
  setErrors: Dispatch<SetStateAction<FieldErrors<T>>>,
  setSubmitting: (submitting: boolean) => void,
): Omit<SmallForm<T>, 'values' | 'errors' | 'isSubmitting'> & { setResolver: (resolver: Resolver<T>) => void } {
  const values = { current: initial };
  let resolver = initialResolver;
  const elements = new Map<string, Set<Element>>();
  const registrations = new Map<string, SmallRegistration>();
  const touched = new Set<string>();
  let submitted = false;
  const run = () => resolver(values.current, undefined, { fields: {}, shouldUseNativeValidation: false });
  const focus = (name: string) => [...(elements.get(name) ?? [])].find((element) => element.isConnected)?.focus();
  const set = (name: string, value: unknown) => {
    values.current = { ...values.current, [name]: value };
    publish(values.current);
  };
  async function validate(name: string) {
    const error = ((await run()).errors as Record<string, FieldError | undefined>)[name];
    setErrors((previous) => {
      const next: Record<string, unknown> = { ...previous, [name]: error };
      if (!error) delete next[name];
      return next as FieldErrors<T>;
    });
  }
  function register(name: keyof T & string): SmallRegistration {
    const known = registrations.get(name);
    if (known) return known;
    const registration: SmallRegistration = {
      name,
      // The same function on every render, so React calls it once per element: that is when the
      // value kept in the form (typed before a storage type switch, say) is written back.
      ref: (element) => {
        const mounted = elements.get(name) ?? new Set<Element>();
        elements.set(name, mounted);
        for (const old of mounted) if (!old.isConnected) mounted.delete(old);
        if (!element) return;
        mounted.add(element);
        // A field without a value yet takes the element's own (a checkbox drawn later, say), as react-hook-form does.
        if (values.current[name] === undefined) values.current = { ...values.current, [name]: read(element) };
        else write(element, values.current[name]);
      },
      onChange: ({ target }) => {
        const value = read(target as Element);
        if (value === undefined) return;
        set(name, value);
        if (submitted || touched.has(name)) void validate(name);
      },
      onBlur: () => {
        touched.add(name);
        void validate(name);
      },
    };
    registrations.set(name, registration);
    return registration;
  }
  return {
    setResolver: (next) => {
      resolver = next;
    },
    register,
    getValues: () => values.current,
    setValue: (name, value) => {
      for (const element of elements.get(name) ?? []) write(element, value);
      set(name, value);
    },
    reset: (next) => {
      values.current = { ...next };
      for (const [name, mounted] of elements) for (const element of mounted) write(element, next[name]);
      touched.clear();
      submitted = false;
      setErrors({});
      publish(values.current);
    },
    setError: (name, error, options) => {
      setErrors((previous) => ({ ...previous, [name]: error }));
      if (options?.shouldFocus) focus(name);
    },
    clearErrors: () => setErrors({}),
    handleSubmit: (onValid) => async (event) => {
      event?.preventDefault();
      submitted = true;
      setSubmitting(true);
      try {
        const result = await run();
        const names = Object.keys(result.errors);
        setErrors(result.errors);
        if (names.length === 0) return await onValid(result.values as T);
        // The first field in error in the order the fields were first drawn, as react-hook-form does.
        const first = [...elements.keys()].find((name) => names.includes(name));
        if (first) focus(first);
      } finally {
        setSubmitting(false);
      }
    },
  };
}
