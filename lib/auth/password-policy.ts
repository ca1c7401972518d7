// Shared by the browser (setup form), the server and the CLI: one rule for every way a password is set.

export const MIN_PASSWORD_CHARACTERS = 12;
// Generous for passphrases, small enough that hashing a hostile value costs nothing extra.
export const MAX_PASSWORD_CHARACTERS = 256;

export type PasswordProblem = 'passwordRequired' | 'passwordTooShort' | 'passwordTooLong' | 'passwordControlCharacters';

// A pasted newline or tab is almost always a mistake that would make the password impossible to type.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Characters as people count them (code points), so 12 Chinese characters are 12, not 12 UTF-16 units or 36 bytes. */
export function passwordLength(password: string): number {
  return [...password].length;
}

export function passwordProblem(password: string): PasswordProblem | null {
  if (password === '') return 'passwordRequired';
  if (CONTROL_CHARACTERS.test(password)) return 'passwordControlCharacters';
  const length = passwordLength(password);
  if (length < MIN_PASSWORD_CHARACTERS) return 'passwordTooShort';
  if (length > MAX_PASSWORD_CHARACTERS) return 'passwordTooLong';
  return null;
}
