// Starting `privsite serve` for the browser scripts (serve.mjs,
// reload-timing.mjs): on port 0 in a project folder, resolving once it
// prints its address.

import { spawn } from 'node:child_process';
import path from 'node:path';

// Starts `privsite serve --port 0 --today TODAY` in `root`; resolves with
// its address, the child process, its standard error so far, and the
// duration of each rebuild it reported ("Rebuilt ... in N ms").
export function serve(bin, root, today) {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve(bin), ['serve', '--port', '0', '--today', today], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const builds = [];
    child.stderr.on('data', (data) => {
      stderr += data;
      for (const match of String(data).matchAll(/Rebuilt .* in (\d+) ms/g)) builds.push(Number(match[1]));
    });
    child.stdout.on('data', (data) => {
      const match = /Serving (http:\/\/[^ ]+\/)/.exec(String(data));
      if (match) resolve({ url: match[1], child, builds, stderr: () => stderr });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`privsite serve exited (${code}):\n${stderr}`)));
  });
}
