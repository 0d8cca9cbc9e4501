// Search with Pagefind: the index is static files, fetched in small pieces as a reader types.
const root = new URL("../", import.meta.url);
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const results = document.getElementById("results");
const status = document.getElementById("search-status");
const rtl = new Set(status.dataset.rtl.split(" ").filter(Boolean));
let pagefind = null;
let latest = 0;

function text(html) {
  // The text of escaped HTML, spaces kept (a document's parser drops those at its start).
  const template = document.createElement("template");
  template.innerHTML = html; // inert: nothing runs or loads
  return template.content.textContent;
}

function excerpt(html) {
  // Pagefind marks matches with <mark>; anything else is shown as text, never as HTML.
  const paragraph = document.createElement("p");
  html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    const match = /^<mark>(.*)<\/mark>$/.exec(part);
    if (match) {
      const mark = document.createElement("mark");
      mark.textContent = text(match[1]);
      paragraph.append(mark);
    } else {
      paragraph.append(document.createTextNode(text(part)));
    }
  });
  return paragraph;
}

function item(data) {
  const entry = document.createElement("li");
  const link = document.createElement("a");
  const lang = data.meta.lang || "en";
  // Pagefind puts "/" before the URLs it was given; the site may live in any folder.
  link.href = new URL(data.url.replace(/^\/+/, ""), root).href;
  link.textContent = data.meta.title;
  const text = excerpt(data.excerpt);
  for (const node of [link, text]) {
    node.lang = lang;
    node.dir = rtl.has(lang) ? "rtl" : "ltr";
  }
  entry.append(link, text);
  return entry;
}

async function run(term) {
  const ticket = ++latest;
  if (!term.trim()) {
    results.replaceChildren();
    status.textContent = "";
    return;
  }
  pagefind = pagefind || (await import(new URL("pagefind/pagefind.js", root).href));
  const search = await pagefind.search(term);
  const found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
  if (ticket !== latest) return;
  results.replaceChildren(...found.map(item));
  status.textContent = found.length
    ? status.dataset.count.replace("{count}", String(search.results.length))
    : status.dataset.none;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.replaceState(null, "", url);
  run(input.value);
});
let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 250);
});
const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
