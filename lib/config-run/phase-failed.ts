import type { PhaseFailure } from './types';

/** A phase's expected failure, with what the admin needs to fix it. */
export class PhaseFailed extends Error {
  override name = 'PhaseFailed';
  constructor(readonly failure: PhaseFailure) {
    super(failure.code);
  }
}
