import { buildProgram } from './cli-program.ts';
import { formatWhere, isBeatwiseError } from './core/errors.ts';

export async function main(argv: string[]): Promise<void> {
  // `beatwise … | head` closes stdout early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (isBeatwiseError(e)) {
      process.stderr.write(`error: ${formatWhere(e.where)}${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

await main(process.argv);
