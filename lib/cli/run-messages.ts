import { createTranslator } from 'use-intl/core';
import type { MessageLookup } from '@/lib/i18n/lookup';
import messages from '@/messages/en.json';

// The whole English message tree for the configuration-run commands (see messages.ts for why use-intl).
const t = createTranslator({ locale: 'en', messages });

export const runText: MessageLookup = (key, params) => (t as unknown as MessageLookup)(key, params);
