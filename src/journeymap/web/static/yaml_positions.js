// Where in the YAML text a value of the parsed document stands, so that the schema's errors
// (given by JSON path: "#/stages/2/barriers/0/severity") can be shown by line and column.
// js-yaml (vendored) gives no positions with its result, but calls a listener when it opens and
// closes each node; nesting those calls rebuilds the node tree with the place each node starts.
// A mapping's children come in pairs (key, value), a sequence's are its items.

function startOf(text, node) {
  // A node opens before the blanks that lead to it ("key:   value"): step over them on its line.
  let at = node.position;
  while (text[at] === " " || text[at] === "\t") at += 1;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return { line: node.line + 1, column: at - lineStart + 1 };
}

function child(node, part) {
  // The key node of `part` in a mapping (the place to show), and the value below it (to go on).
  if (node.kind === "mapping" && node.children.length % 2 === 0) {
    for (let i = 0; i < node.children.length; i += 2) {
      if (String(node.children[i].result) === part) {
        return { shown: node.children[i], next: node.children[i + 1] };
      }
    }
  } else if (node.kind === "sequence" && /^\d+$/.test(part)) {
    const item = node.children[Number(part)];
    if (item) return { shown: item, next: item };
  }
  return null;
}

// Reads `text` with `jsyaml` (throws as jsyaml.load does) and returns the document and
// `locate(pointer)`: the {line, column} (1-based) of the key or list item a JSON pointer
// ("#/a/0/b") names, or of the deepest part of it that exists (a missing field: its parent).
export function readWithPositions(text, jsyaml) {
  const top = { children: [] };
  const open = [top];
  const doc = jsyaml.load(text, {
    schema: jsyaml.CORE_SCHEMA,
    listener(event, state) {
      if (event === "open") {
        const node = { position: state.position, line: state.line, children: [] };
        open[open.length - 1].children.push(node);
        open.push(node);
      } else {
        const node = open.pop();
        node.kind = state.kind;
        node.result = state.kind === "scalar" ? state.result : null;
      }
    },
  });
  const root = top.children[0];
  function locate(pointer) {
    const parts = pointer.replace(/^#\/?/, "").split("/").filter(Boolean)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (!root) return { line: 1, column: 1 };
    let node = root;
    let shown = root;
    for (const part of parts) {
      const step = child(node, part);
      if (!step) break;
      shown = step.shown;
      node = step.next;
    }
    return startOf(text, shown);
  }
  return { doc, locate };
}
