import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from '@swc/core';
import { describe, expect, it } from 'vitest';
import { en } from './en/index.ts';
import { es } from './es/index.ts';

/**
 * The two languages say the same things, and every text is one the pages ask for. The typecheck
 * already refuses a Spanish file missing a key; this also catches an empty or untranslated-shape
 * value at run time, and a text no page uses any more (left behind when a page changed).
 */

type Tree = { [key: string]: string | Tree };

/** Every leaf key (`a.b.c`) of a message tree. */
function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : leafKeys(value, `${prefix + key}.`),
  );
}

/** The text at a leaf key, or undefined. */
function textAt(tree: Tree, key: string): string | undefined {
  const found = key
    .split('.')
    .reduce<string | Tree | undefined>((t, k) => (typeof t === 'object' ? t[k] : undefined), tree);
  return typeof found === 'string' ? found : undefined;
}

/** Every inner key (a subtree: `a.b` of `a.b.c`). */
function branchKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [] : [prefix + key, ...branchKeys(value, `${prefix + key}.`)],
  );
}

const WEB = path.resolve(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return file === import.meta.dirname ? [] : sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/**
 * The string literals and template literals of the web app's source (the message files left out):
 * a template's fixed parts, with a hole where each `${…}` is.
 */
function literalsOf(files: string[]): { strings: Set<string>; templates: string[][] } {
  const strings = new Set<string>();
  const templates: string[][] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; value?: unknown; quasis?: { cooked?: string; raw: string }[] };
    if (n.type === 'StringLiteral' && typeof n.value === 'string') strings.add(n.value);
    if (n.type === 'TemplateLiteral' && n.quasis) {
      const parts = n.quasis.map((q) => q.cooked ?? q.raw);
      if (parts.length === 1) strings.add(parts[0] ?? '');
      else templates.push(parts);
    }
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  for (const file of files) {
    walk(parseSync(readFileSync(file, 'utf8'), { syntax: 'typescript', tsx: file.endsWith('.tsx') }));
  }
  return { strings, templates };
}

/** Plural forms (`count_one`, `count_other`) are asked for by their base key. */
const withoutPluralSuffix = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');

describe('messages', () => {
  it('has a Spanish text, not empty, for every English key, and no Spanish key English lacks', () => {
    const english = leafKeys(en).sort();
    expect(leafKeys(es).sort()).toEqual(english);
    const empty = english.filter((key) => !textAt(es, key)?.trim());
    expect(empty).toEqual([]);
  });

  it('keeps each text’s placeholders in Spanish', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    const differ = leafKeys(en).filter(
      (key) => placeholders(textAt(en, key) ?? '').join() !== placeholders(textAt(es, key) ?? '').join(),
    );
    expect(differ).toEqual([]);
  });

  it('has no text that no page asks for', () => {
    const { strings, templates } = literalsOf(sourceFiles(WEB));
    const branches = new Set(branchKeys(en));
    // A subtree named in full is where a page's field or section texts are (`loan.fields.apr`);
    // `${i18nKey}.label` then asks for a key under it.
    const namedBranches = [...strings].filter((s) => branches.has(s));
    const anchored = templates
      .filter((parts) => parts[0] !== '')
      .map((parts) => new RegExp(`^${parts.map(escapeRegExp).join('[\\w.]+')}$`));
    const tails = templates
      .filter((parts) => parts[0] === '' && parts.length > 1)
      .map((parts) => new RegExp(`^${parts.slice(1).map(escapeRegExp).join('[\\w.]+')}$`));
    const isAskedFor = (key: string) =>
      strings.has(key) ||
      anchored.some((pattern) => pattern.test(key)) ||
      namedBranches.some(
        (branch) => key.startsWith(`${branch}.`) && tails.some((tail) => tail.test(key.slice(branch.length))),
      );
    const unused = [...new Set(leafKeys(en).map(withoutPluralSuffix))].filter((key) => !isAskedFor(key));
    expect(unused).toEqual([]);
  });
});
