#!/usr/bin/env node
// Keeps every link and path inside the repository: a clone has no sibling folders, so a
// reference to one (a relative link climbing out of the repository, an absolute machine path)
// would dangle. Checks every tracked text file for such paths, and every relative Markdown link
// for a target that exists. Exit 1 with one line per problem.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TEXT = /\.(md|ts|mts|mjs|js|json|ya?ml|py|txt|toml)$|(^|\/)(Dockerfile|LICENSE)$/;
// Spelled in pieces so this file does not match itself.
const OUTSIDE = [
  new RegExp(['\\.\\.', 'shared', ''].join('/')),
  new RegExp(['', 'work', ''].join('/')),
  new RegExp(['shared', '(DESIGN|STYLE)\\.md'].join('/')),
];
const MARKDOWN_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Problems found in the tracked files under `dir` (default: the repository). */
export function checkLinks(dir = root) {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && TEXT.test(f) && existsSync(join(dir, f)));
  const problems = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    text.split('\n').forEach((line, i) => {
      for (const pattern of OUTSIDE)
        if (pattern.test(line)) problems.push(`${file}:${i + 1}: path outside the repository: ${line.trim()}`);
    });
    if (!file.endsWith('.md')) continue;
    for (const match of text.matchAll(MARKDOWN_LINK)) {
      const target = match[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const path = decodeURIComponent(target.split('#')[0]);
      const absolute = isAbsolute(path) ? path : resolve(dir, dirname(file), path);
      const inside = relative(dir, absolute);
      const line = text.slice(0, match.index).split('\n').length;
      if (inside.startsWith('..') || isAbsolute(inside))
        problems.push(`${file}:${line}: link leaves the repository: ${target}`);
      else if (!existsSync(absolute)) problems.push(`${file}:${line}: link target does not exist: ${target}`);
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkLinks();
  for (const p of problems) console.error(p);
  if (problems.length > 0) process.exit(1);
  console.log('check-links: every link and path stays inside the repository');
}
