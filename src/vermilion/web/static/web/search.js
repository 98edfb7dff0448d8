// The search box in the top bar: suggestions as you type (topics, people, popular searches, also by
// pinyin and its initials), and on an empty box your recent searches (clearable) and trending ones;
// arrow keys to choose, Enter or a click to go.
import { api } from "./api.js";
import { h, t } from "./dom.js";

function targetOf(item) {
  if (item.kind === "topic") return `/t/${encodeURIComponent(item.text)}`;
  if (item.kind === "person" && item.user) return `/u/${encodeURIComponent(item.user.username)}`;
  return `/search?q=${encodeURIComponent(item.text)}`;
}

const KIND_LABELS = { topic: "suggest_topic", person: "suggest_person", query: "suggest_query" };

export function initSearchBox(form) {
  const input = form.querySelector("input[name=q]");
  const list = form.querySelector("[role=listbox]");
  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function option(item, i) {
    const label = KIND_LABELS[item.kind] ? t(KIND_LABELS[item.kind]) : "";
    return h("li", { id: `suggestion-${i}`, role: "option", class: `suggestion ${item.kind || "query"}`,
      "aria-selected": "false", onmousedown: (e) => { e.preventDefault(); go(i); } },
      item.kind === "topic" ? `#${item.text}` : item.text, label ? h("span", { class: "kind" }, label) : null);
  }

  function heading(text, action = null) {
    return h("li", { class: "suggest-heading", role: "presentation" }, h("span", {}, text), action);
  }

  // On an empty box: "Recent searches" (with Clear) and "Trending searches", each under its heading.
  function show(found) {
    items = found;
    active = -1;
    list.replaceChildren();
    if (!found.length) return close();
    const recent = found.filter((item) => item.kind === "recent");
    const rising = found.filter((item) => item.kind === "trending");
    if (recent.length || rising.length) {
      if (recent.length) {
        const clear = h("button", { type: "button", class: "suggest-clear", onmousedown: (e) => { e.preventDefault(); forget(); } },
          t("clear_recent"));
        list.append(heading(t("recent_searches"), clear));
      }
      found.forEach((item, i) => {
        if (item.kind === "trending" && i === recent.length) list.append(heading(t("trending")));
        list.append(option(item, i));
      });
    } else {
      found.forEach((item, i) => list.append(option(item, i)));
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(i) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((el, n) => el.setAttribute("aria-selected", String(n === i)));
    active = i;
    if (i >= 0) input.setAttribute("aria-activedescendant", `suggestion-${i}`);
  }

  function go(i) {
    const item = items[i];
    if (item) location.href = targetOf(item);
  }

  async function forget() {
    try {
      await api("/api/v1/search/recent", { method: "DELETE" });
    } catch { /* signed out meanwhile: nothing of theirs is shown after the refresh either */ }
    refresh();
  }

  async function refresh() {
    const q = input.value.trim();
    const mine = ++asked;
    try {
      const page = await api(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`);
      if (mine === asked) show(page.items);
    } catch { close(); }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 120); });
  input.addEventListener("focus", () => refresh());
  input.addEventListener("blur", () => setTimeout(close, 100));
  input.addEventListener("keydown", (event) => {
    const count = list.querySelectorAll("[role=option]").length;
    if (event.key === "ArrowDown" && count) { event.preventDefault(); highlight((active + 1) % count); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); highlight((active - 1 + count) % count); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(active); }
  });
  form.addEventListener("submit", (event) => { if (!input.value.trim()) event.preventDefault(); });
}
