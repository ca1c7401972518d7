import type { IncomingMessage } from 'node:http';

// An S3 error answer as the error the SDK would have thrown: the name is S3's error code (NoSuchKey,
// SlowDown, AccessDenied…) and $metadata the HTTP status, which is what the move's classification and
// the not-found checks read. Only the code and message are taken: an error document may echo the
// request's signing details, never anything worth keeping.

/** Error documents are small; an answer larger than this is not one and is not read further. */
const MAX_ERROR_BYTES = 64 * 1024;

export class S3AnswerError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(
    status: number,
    readonly Code: string,
    message: string,
  ) {
    super(message);
    this.name = Code;
    this.$metadata = { httpStatusCode: status };
  }
}

function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]{0,1024})</${name}>`).exec(xml)?.[1];
}

/** A HEAD-like answer (no body) or a body that is no S3 error document gets a name from its status alone. */
function codeFromStatus(status: number): string {
  if (status === 404) return 'NotFound';
  if (status === 403) return 'AccessDenied';
  if (status === 503) return 'SlowDown';
  return `Http${status}`;
}

export async function readErrorAnswer(response: IncomingMessage): Promise<S3AnswerError> {
  const status = response.statusCode ?? 0;
  let text = '';
  try {
    for await (const chunk of response) {
      text += String(chunk);
      if (text.length > MAX_ERROR_BYTES) {
        response.destroy();
        break;
      }
    }
  } catch {
    // The status is the error; a body cut short only loses its wording.
  }
  const code = element(text, 'Code') ?? codeFromStatus(status);
  return new S3AnswerError(status, code, element(text, 'Message') ?? `${code} (HTTP ${status})`);
}
