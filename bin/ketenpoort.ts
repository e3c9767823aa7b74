#!/bin/sh
':' //; exec node --import "$(dirname "$(realpath "$0")")/../node_modules/tsx/dist/loader.mjs" "$(realpath "$0")" "$@"
// The two lines above are both shell and TypeScript: the shell runs this same file with Node and tsx's
// loader from the project's own node_modules (found from the file's real location, so it works from any
// working directory and through npm's bin symlink, without npx or a network); to TypeScript they are a
// hashbang and a string statement. `npx tsx bin/ketenpoort.ts …` runs it too.
import { processIo, run } from '../cli/main.ts';

process.exitCode = await run(process.argv.slice(2), process.env, processIo());
