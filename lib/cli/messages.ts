import { scoped } from '@/lib/i18n/lookup';
import { translatorFor } from '@/lib/i18n/translator';
import messages from '@/messages/en.json';

/** A translator scoped to one namespace. */
export type Translate = (key: string, params?: Record<string, string>) => string;

// English only: the CLI is for operators and scripts.
export const cliTranslator = translatorFor('en', messages);

export const validationText: Translate = scoped(cliTranslator.lookup, 'Validation');
export const authText: Translate = scoped(cliTranslator.lookup, 'AuthErrors');
