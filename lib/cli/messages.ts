import { createTranslator } from 'use-intl/core';
import messages from '@/messages/en.json';
/** A translator scoped to one namespace. */
export type Translate = (key: string, params?: Record<string, string>) => string;

// English only: the CLI is for operators and scripts. `use-intl/core` rather than `next-intl`:
// under the react-server condition next-intl's entry pulls in React client hooks and fails to load.

function translator(namespace: 'Validation' | 'AuthErrors'): Translate {
  const t = createTranslator({ locale: 'en', messages: { [namespace]: messages[namespace] }, namespace });
  return (key, params) => (t as unknown as Translate)(key, params);
}

export const validationText: Translate = translator('Validation');
export const authText: Translate = translator('AuthErrors');
