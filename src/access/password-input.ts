import { BeatwiseError } from '../core/errors.ts';

/** All of stdin (a password piped in: `printf '%s' "$PW" | beatwise user add … --password-stdin`), without its final newline. */
export async function passwordFromStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a password on the terminal without echoing it, twice. */
export async function promptPassword(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!stdin.isTTY)
    throw new BeatwiseError(
      'access.no_password',
      'no terminal to ask for the password on: pipe it in with --password-stdin (never put it on the command line)',
    );
  const ask = (question: string) =>
    new Promise<string>((resolve, reject) => {
      process.stderr.write(question);
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding('utf8');
      let value = '';
      const done = (err?: Error) => {
        stdin.setRawMode(false);
        stdin.pause();
        stdin.off('data', onData);
        process.stderr.write('\n');
        if (err) reject(err);
        else resolve(value);
      };
      const onData = (s: string) => {
        for (const ch of s) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return done(new BeatwiseError('access.cancelled', 'cancelled'));
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  const first = await ask('Password: ');
  const again = await ask('Password again: ');
  if (first !== again)
    throw new BeatwiseError('access.password_mismatch', 'the two passwords differ; try again');
  return first;
}
