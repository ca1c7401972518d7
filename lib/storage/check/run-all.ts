// How a round's independent requests are sent. Production checks send them all at once; the
// benchmark (scripts/bench-check.ts) also measures them one after another, to show what the
// rounds save.

export type RunAll = <T extends readonly unknown[]>(tasks: { [K in keyof T]: () => Promise<T[K]> }) => Promise<T>;

// Both build the results in the tasks' order, which is the tuple T; Array.map and push cannot carry a
// generic tuple's element types through, so the result is asserted to be T once in each.
export const runInParallel: RunAll = (tasks) => Promise.all(tasks.map((task) => task())) as never;

export const runInSequence: RunAll = async (tasks) => {
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as never;
};
