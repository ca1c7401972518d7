import type { MessageLookup } from '@/lib/i18n/lookup';
import { cliTranslator } from './messages';

// The whole English message tree for the configuration-run commands, with keys built at run time.
export const runText: MessageLookup = cliTranslator.lookup;
