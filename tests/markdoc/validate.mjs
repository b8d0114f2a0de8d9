// Parses and validates Markdoc pages with the real Markdoc parser (@markdoc/markdoc, pinned in
// package.json and package-lock.json beside this file; `npm ci --prefix tests/markdoc`).
//
//   node tests/markdoc/validate.mjs <page.md>...
//
// For each page: its frontmatter must be YAML (read with the `yaml` package) giving a `title`
// and a `description`; `Markdoc.validate` must report nothing, with a config that declares
// what the markdoc templates use (the frontmatter, as `$markdoc.frontmatter`, and Markdoc's own
// nodes and tags: the templates define no tags of their own); and the page rendered to HTML must
// have its title as its first `<h1>` and no `{%` left. Prints one line per page, every problem
// with its file and line, and exits 1 when there is any.
import { readFileSync } from 'node:fs';
import Markdoc from '@markdoc/markdoc';
import YAML from 'yaml';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tests/markdoc/validate.mjs <page.md>...');
  process.exit(2);
}

let problems = 0;
const problem = (file, line, message) => {
  problems += 1;
  console.error(`${file}${line ? `:${line}` : ''}: ${message}`);
};

for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const ast = Markdoc.parse(source, { file });
  const before = problems;

  let frontmatter = {};
  if (ast.attributes.frontmatter === undefined) {
    problem(file, 1, 'no frontmatter (a Markdoc page starts with `---`, YAML, `---`)');
  } else {
    const doc = YAML.parseDocument(ast.attributes.frontmatter);
    for (const error of [...doc.errors, ...doc.warnings]) {
      // The frontmatter starts on the page's line 2.
      const line = error.linePos ? error.linePos[0].line + 1 : 2;
      problem(file, line, `frontmatter: ${error.message.split('\n')[0]}`);
    }
    frontmatter = doc.toJS() ?? {};
    for (const key of ['title', 'description']) {
      if (typeof frontmatter[key] !== 'string' || frontmatter[key].trim() === '') {
        problem(file, 2, `frontmatter: no ${key} string (found ${JSON.stringify(frontmatter[key])})`);
      }
    }
  }

  const config = { variables: { markdoc: { frontmatter } } };
  for (const { lines, error } of Markdoc.validate(ast, config)) {
    // Lines are 0-based in the AST.
    problem(file, lines.length ? lines[0] + 1 : 0, `${error.level} ${error.id}: ${error.message}`);
  }

  const html = Markdoc.renderers.html(Markdoc.transform(ast, config));
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  const heading = h1 ? h1[1].replace(/<[^>]*>/g, '') : undefined;
  const title = Markdoc.renderers.html(frontmatter.title ?? '');
  if (heading !== title) {
    problem(file, 0, `the first <h1> renders as ${JSON.stringify(heading)}, not the title ${JSON.stringify(title)}`);
  }
  if (html.includes('{%')) {
    problem(file, 0, 'the rendered page still holds `{%`');
  }
  if (problems === before) {
    console.log(`ok ${file}: ${JSON.stringify(frontmatter.title)}, ${ast.children.length} blocks`);
  }
}

if (problems > 0) {
  console.error(`${problems} problem(s) in ${files.length} Markdoc page(s)`);
  process.exit(1);
}
