// Small helpers shared by every page: element building (never innerHTML with user text),
// translated strings from the server, and locale-aware numbers and times.
const strings = JSON.parse(document.getElementById("i18n")?.textContent || "{}");
export const lang = document.body.dataset.lang || "en";
export const me = document.body.dataset.me || null;
const chinese = lang.startsWith("zh");

export function t(key, vars = {}) {
  let text = strings[key] || key;
  for (const [name, value] of Object.entries(vars)) text = text.replace(`%(${name})s`, value);
  return text;
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// 1.2万 / 12k, as counts read on RedNote.
export function compact(n) {
  n = Number(n || 0);
  if (chinese) {
    if (n >= 1e8) return `${trim(n / 1e8)}亿`;
    if (n >= 1e4) return `${trim(n / 1e4)}万`;
    return String(n);
  }
  if (n >= 1e6) return `${trim(n / 1e6)}M`;
  if (n >= 1e3) return `${trim(n / 1e3)}k`;
  return String(n);
}
function trim(x) { return (Math.floor(x * 10) / 10).toFixed(1).replace(/\.0$/, ""); }

// Chinese reads "4秒前" (the short style), English "4 seconds ago" (the long one).
const relative = new Intl.RelativeTimeFormat(chinese ? "zh-CN" : "en", { numeric: "auto", style: chinese ? "short" : "long" });
const dateFormat = new Intl.DateTimeFormat(chinese ? "zh-CN" : "en", { year: "numeric", month: "short", day: "numeric" });
export function when(iso) {
  if (!iso) return "";
  const then = new Date(iso);
  const seconds = (then - Date.now()) / 1000;
  const steps = [[60, "second"], [3600, "minute"], [86400, "hour"], [86400 * 7, "day"]];
  let unit = 1;
  for (const [limit, name] of steps) {
    if (Math.abs(seconds) < limit) return relative.format(Math.round(seconds / unit), name);
    unit = limit;
  }
  return dateFormat.format(then);
}

// "IP region: Sichuan" in the reader's language, or nothing when the region is unknown: an unknown
// region is not a place (the API labels it "Unknown").
export function knownRegion(label) {
  return label && label !== t("unknown_region") ? label : "";
}
export function regionText(label) {
  const known = knownRegion(label);
  return known ? t("ip_region_is", { region: known }) : "";
}

// One action per tap: the button is disabled until the server has answered, so a double tap (or an
// impatient second one) sends once. An error is shown, never swallowed.
export function onTap(button, work) {
  button.addEventListener("click", async (event) => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try { await work(event); } catch (error) { toast(error.message); } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
}

export function avatar(author, size = "") {
  const url = author?.avatar?.thumb;
  if (url) return h("img", { class: `avatar ${size}`, src: url, alt: "", width: 32, height: 32, loading: "lazy" });
  const initial = (author?.display_name || author?.username || "?").slice(0, 1).toUpperCase();
  return h("span", { class: `avatar placeholder ${size}`, "aria-hidden": "true" }, initial);
}

export function toast(message) {
  const el = h("div", { class: "toast", role: "status" }, message);
  document.body.append(el);
  setTimeout(() => el.remove(), 2600);
}

export function requireSignIn() {
  if (me) return true;
  window.location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return false;
}

// Body text with #topics and @mentions as links; everything else stays text.
export function richText(text) {
  const out = [];
  const pattern = /([#＃][\p{L}\p{N}_]+)|(@[A-Za-z0-9_.]{3,24})/gu;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out.push(text.slice(last, match.index));
    const token = match[0];
    if (match[1]) out.push(h("a", { href: `/t/${encodeURIComponent(token.slice(1))}`, class: "topic" }, token));
    else out.push(h("a", { href: `/u/${encodeURIComponent(token.slice(1))}`, class: "mention" }, token));
    last = match.index + token.length;
  }
  out.push(text.slice(last));
  return out;
}
