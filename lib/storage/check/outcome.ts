// A probe never throws: the type's runner decides what an error means, and Promise.all over outcomes
// keeps one failed probe from hiding the others.

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}
