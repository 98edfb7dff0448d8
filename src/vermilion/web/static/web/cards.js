// The waterfall: cards placed into the shortest column, sizes known before images load (no jumps),
// more pages fetched as the reader nears the end. A feed keeps what was loaded and where the reader
// was when they open a note and come back, and refreshes when pulled down on a touch screen.
import { api } from "./api.js";
import { avatar, compact, h, t, toast } from "./dom.js";

const KEPT_FOR_MS = 30 * 60 * 1000;

function columnsFor(width) {
  if (width < 640) return 2;
  if (width < 960) return 3;
  if (width < 1280) return 4;
  return 5;
}

export function renderCard(note, { feedback = false, onRemove, eager = false } = {}) {
  const cover = note.cover;
  const ratio = cover && cover.width && cover.height ? Math.min(Math.max(cover.height / cover.width, 0.75), 1.5) : 1.25;
  const image = cover && cover.urls && cover.urls.card
    ? h("img", { src: cover.urls.card, alt: cover.alt_text || note.title, loading: eager ? "eager" : "lazy",
      fetchpriority: eager ? "high" : null, width: 720, height: Math.round(720 * ratio) })
    : h("div", { class: "cover-placeholder" }, note.status === "processing" ? t("processing") : "");
  const figure = h("div", { class: "cover" }, image, note.kind === "video" ? h("span", { class: "play", "aria-hidden": "true" }, "▶") : null);
  figure.style.setProperty("--ratio", String(ratio));
  const like = h("span", { class: `likes${note.viewer_liked ? " on" : ""}` }, "♥ ", compact(note.likes));
  const card = h("article", { class: "note-card", "data-note-id": note.id },
    h("a", { href: `/n/${note.id}`, class: "card-link", "data-open-note": note.id }, figure, h("h3", {}, note.title)),
    note.reason || note.match?.reason ? h("p", { class: "reason" }, note.reason || note.match.reason) : null,
    h("footer", {},
      h("a", { href: `/u/${note.author.username}`, class: "author" }, avatar(note.author), h("span", {}, note.author.display_name)),
      like));
  if (feedback) {
    const menu = h("details", { class: "card-menu" }, h("summary", { "aria-label": t("not_interested") }, "⋯"));
    for (const kind of ["not_interested", "less_from_topic", "less_from_author"]) {
      const label = { not_interested: t("not_interested"), less_from_topic: t("less_topic"), less_from_author: t("less_author") }[kind];
      menu.append(h("button", { type: "button", onclick: async () => {
        try {
          await api("/api/v1/feed/feedback", { method: "POST", json: { note_id: note.id, kind } });
          toast(t("feedback_done"));
          card.remove();
          onRemove?.();
        } catch (error) { toast(error.message); }
      } }, label));
    }
    card.append(menu);
  }
  return card;
}

export class Waterfall {
  constructor(root, { source, first = null, feedback = false, emptyText = t("empty_feed") }) {
    this.root = root; this.source = source; this.feedback = feedback; this.emptyText = emptyText;
    this.cards = []; this.items = []; this.cursor = null; this.done = false; this.loading = false; this.seen = new Set();
    this.status = h("p", { class: "feed-status", role: "status", "aria-live": "polite" });
    this.sentinel = h("div", { class: "sentinel" });
    this.grid = h("div", { class: "columns" });
    root.append(this.grid, this.status, this.sentinel);
    this.layout();
    new ResizeObserver(() => this.layout()).observe(root);
    const kept = this.kept();
    if (kept) this.restore(kept);
    else if (first) this.add(first); else this.more();
    // Leaving for a note (or anywhere) keeps the loaded pages and the position for the way back.
    addEventListener("pagehide", () => this.keep());
    new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) this.more(); },
      { rootMargin: "800px" }).observe(this.sentinel);
  }

  get key() { return `vermilion:feed:${location.pathname}${location.search}:${this.source}`; }

  keep() {
    if (!this.items.length) return;
    const state = { items: this.items, cursor: this.cursor, done: this.done, y: scrollY, at: Date.now() };
    try { sessionStorage.setItem(this.key, JSON.stringify(state)); } catch { /* storage full or off: start over next time */ }
  }

  // Only coming back (the Back button) restores; a fresh visit or a reload gets a fresh feed.
  kept() {
    const entry = performance.getEntriesByType("navigation")[0];
    if (entry?.type !== "back_forward") return null;
    try {
      const state = JSON.parse(sessionStorage.getItem(this.key) || "null");
      return state && Date.now() - state.at < KEPT_FOR_MS && state.items?.length ? state : null;
    } catch { return null; }
  }

  restore(state) {
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    this.add({ items: state.items, next_cursor: state.done ? null : state.cursor });
    // Card heights are known before their photos load, so the position is right at once.
    requestAnimationFrame(() => scrollTo(0, state.y));
  }

  async refresh() {
    const page = await api(this.source);
    this.cards = []; this.items = []; this.seen = new Set(); this.cursor = null; this.done = false;
    for (const column of this.columns) { column.el.replaceChildren(); column.height = 0; }
    this.status.textContent = "";
    this.add(page);
    sessionStorage.removeItem(this.key);
  }

  layout() {
    const count = columnsFor(this.root.clientWidth || window.innerWidth);
    if (count === this.columns?.length) return;
    this.grid.replaceChildren();
    this.columns = Array.from({ length: count }, () => ({ el: h("div", { class: "column" }), height: 0 }));
    this.grid.append(...this.columns.map((c) => c.el));
    this.root.dataset.columns = String(count);
    for (const card of this.cards) this.place(card);
  }

  place(card) {
    const shortest = this.columns.reduce((a, b) => (b.height < a.height ? b : a));
    shortest.el.append(card.el);
    shortest.height += card.weight;
  }

  add(page) {
    this.render(page.items || []);
    this.paged(page.next_cursor);
  }

  render(items) {
    for (const note of items) {
      if (this.seen.has(note.id)) continue; // a page boundary never shows a note twice
      this.seen.add(note.id);
      this.items.push(note);
      // The first screen's covers are the page's largest paint: fetched at once, the rest as they near.
      const el = renderCard(note, { feedback: this.feedback, eager: this.cards.length < 4 });
      const cover = note.cover || {};
      const weight = (cover.width && cover.height ? Math.min(Math.max(cover.height / cover.width, 0.75), 1.5) : 1.25) + 0.35;
      const card = { el, weight };
      this.cards.push(card);
      this.place(card);
    }
  }

  paged(cursor) {
    this.cursor = cursor || null;
    this.done = !this.cursor;
    if (this.done) this.status.textContent = this.cards.length ? t("end_of_feed") : this.emptyText;
  }

  async more() {
    if (this.loading || this.done) return;
    this.loading = true;
    this.status.textContent = "…";
    try {
      const sep = this.source.includes("?") ? "&" : "?";
      const url = this.cursor ? `${this.source}${sep}cursor=${encodeURIComponent(this.cursor)}` : this.source;
      this.status.textContent = "";
      this.add(await api(url));
    } catch (error) {
      this.done = true;
      this.status.textContent = error.status === 403 ? t("private_tab") : error.message;
    } finally {
      this.loading = false;
    }
  }
}

// Pull down at the top of a feed on a touch screen to load it afresh.
export function pullToRefresh(refresh) {
  if (!matchMedia("(pointer: coarse)").matches) return;
  const hint = h("div", { class: "pull", role: "status", "aria-live": "polite" });
  document.body.append(hint);
  const THRESHOLD = 70;
  let startY = null;
  let pulled = 0;
  let busy = false;
  addEventListener("touchstart", (e) => {
    if (!busy && scrollY <= 0 && e.touches.length === 1) { startY = e.touches[0].clientY; pulled = 0; }
  }, { passive: true });
  addEventListener("touchmove", (e) => {
    if (startY === null) return;
    pulled = Math.max(0, e.touches[0].clientY - startY);
    hint.classList.toggle("show", pulled > 10);
    hint.style.setProperty("--pull", `${Math.min(pulled, 120)}px`);
    hint.textContent = t(pulled > THRESHOLD ? "release_to_refresh" : "pull_to_refresh");
  }, { passive: true });
  addEventListener("touchend", async () => {
    if (startY === null) return;
    startY = null;
    hint.classList.remove("show");
    hint.style.removeProperty("--pull");
    if (pulled <= THRESHOLD) return;
    busy = true;
    hint.classList.add("busy");
    hint.textContent = t("refreshing");
    try { await refresh(); } catch (error) { toast(error.message); } finally {
      busy = false;
      hint.classList.remove("busy");
      hint.textContent = "";
    }
  });
}
