import 'server-only';

// The secret never comes from argv: arguments are visible to every local user (ps, /proc/*/cmdline)
// and land in shell history. Environment or stdin only.

export async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line from a terminal without echoing it. */
export function promptHidden(stream: NodeJS.ReadStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    stream.setRawMode(true);
    stream.resume();
    stream.setEncoding('utf8');
    const finish = (error?: Error) => {
      stream.setRawMode(false);
      stream.pause();
      stream.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stream.on('data', onData);
  });
}

/** A secret from the environment variable `envName`, else stdin (prompting without echo on a terminal). */
export async function readSecret(envName: string, label = 'Secret', env: NodeJS.ProcessEnv = process.env, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.trim();
  const raw = stdin.isTTY ? await promptHidden(stdin, `${label}: `) : await readAll(stdin);
  // Pasted or piped secrets usually carry a trailing newline; a real secret never has whitespace.
  return raw.trim();
}
