// A note, as a page or over the waterfall: author with Follow, photo carousel or video, text, two-level
// comments and the action bar (like, collect, comment, share). On a note's own page the server has
// already drawn the note (web/note.html); its photos are kept and enhanced, the rest redrawn alike.
import { api } from "./api.js";
import { avatar, compact, h, knownRegion, me, onTap, regionText, requireSignIn, richText, t, toast, when } from "./dom.js";
import { attachMentions } from "./mentions.js";
import { followButton } from "./social.js";
import { needsTranslation, translateAction } from "./translate.js";

const SVG = "http://www.w3.org/2000/svg";
const ICONS = {
  like: "M12 20s-7-4.4-9-9a4.6 4.6 0 0 1 9-3 4.6 4.6 0 0 1 9 3c-2 4.6-9 9-9 9z",
  collect: "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z",
  comment: "M4 5h16v11H9l-5 4z",
  share: "M4 13v6h16v-6M12 3v12M7 8l5-5 5 5",
  place: "M12 21s-6-5.3-6-10a6 6 0 0 1 12 0c0 4.7-6 10-6 10zM12 8.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z",
};
function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// The same markup web/note.html renders, for a note opened over the waterfall.
function mediaView(media, title) {
  if (!media.length) return h("div", { class: "media empty" });
  const first = media[0];
  if (first.kind === "video") {
    if (first.status !== "ready") return h("div", { class: "media processing" }, t("processing"));
    return h("div", { class: "media" }, h("video", { src: first.urls.video, poster: first.urls.detail, controls: true,
      playsinline: true, preload: "metadata", width: first.width, height: first.height }));
  }
  const track = h("div", { class: "slides" }, media.map((item, i) => h("figure", { class: "slide", "aria-roledescription": "slide",
    "aria-label": t("photo_n_of_m", { n: i + 1, m: media.length }) },
  h("img", { src: item.urls.detail || item.urls.card, alt: item.alt_text || title, width: item.width, height: item.height,
    loading: i ? "lazy" : "eager", draggable: "false" }))));
  return h("div", { class: "media photos", tabindex: "0", "aria-roledescription": "carousel", "aria-label": title }, track);
}

// Swiping is the strip's own scrolling (scroll-snap); this adds buttons, dots, the counter, arrow
// keys and mouse drags, and keeps them in step with wherever the strip was scrolled to.
function enhanceCarousel(root) {
  const track = root.querySelector(".slides");
  if (!track) return;
  root.classList.add("carousel");
  const count = track.children.length;
  if (count < 2) return;
  let index = 0;
  let target = null;
  let settle = null;
  const dots = h("div", { class: "dots", "aria-hidden": "true" }, Array.from({ length: count }, () => h("span")));
  const counter = h("span", { class: "counter" });
  const prev = h("button", { type: "button", class: "nav prev", "aria-label": t("previous"), onclick: () => show(index - 1) }, "‹");
  const next = h("button", { type: "button", class: "nav next", "aria-label": t("next"), onclick: () => show(index + 1) }, "›");
  function paint() {
    [...dots.children].forEach((d, k) => d.classList.toggle("on", k === index));
    counter.textContent = `${index + 1}/${count}`;
    prev.disabled = index === 0;
    next.disabled = index === count - 1;
  }
  function show(i) {
    index = Math.max(0, Math.min(count - 1, i));
    target = index;
    clearTimeout(settle);
    settle = setTimeout(() => { target = null; }, 800); // a smooth scroll that never arrives frees the dots
    track.scrollTo({ left: index * track.clientWidth, behavior: "smooth" });
    paint();
  }
  track.addEventListener("scroll", () => {
    const at = Math.max(0, Math.min(count - 1, Math.round(track.scrollLeft / Math.max(1, track.clientWidth))));
    if (target !== null) { if (at === target) target = null; return; }
    if (at !== index) { index = at; paint(); }
  }, { passive: true });
  root.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") { show(index - 1); e.preventDefault(); }
    if (e.key === "ArrowRight") { show(index + 1); e.preventDefault(); }
  });
  let startX = null; // fingers scroll the strip themselves; a mouse drags
  root.addEventListener("pointerdown", (e) => { if (e.pointerType === "mouse") startX = e.clientX; });
  root.addEventListener("pointerup", (e) => {
    if (startX === null) return;
    const dx = e.clientX - startX;
    startX = null;
    if (Math.abs(dx) > 40) show(index + (dx < 0 ? 1 : -1));
  });
  root.append(prev, next, dots, counter);
  paint();
}

async function chooseBoard(note) {
  const { items } = await api("/api/v1/boards");
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "board-picker" });
    const list = h("ul", {}, items.map((b) => h("li", {}, h("button", { type: "button", class: "link",
      onclick: () => { dialog.close(); resolve(b.id); } }, b.name, b.private ? " 🔒" : ""))));
    const name = h("input", { placeholder: t("board_name"), maxlength: 40, "aria-label": t("board_name") });
    const isPrivate = h("input", { type: "checkbox" });
    const create = h("button", { class: "button", type: "submit" }, t("create"));
    const form = h("form", { class: "new-board", onsubmit: async (e) => {
      e.preventDefault();
      if (create.disabled) return;
      create.disabled = true;
      try {
        const board = await api("/api/v1/boards", { method: "POST", json: { name: name.value, private: isPrivate.checked } });
        dialog.close(); resolve(board.id);
      } catch (error) { toast(error.message); } finally { create.disabled = false; }
    } }, name, h("label", { class: "check" }, isPrivate, " ", t("private")), create);
    dialog.append(h("h2", {}, t("choose_board")), list, h("h3", {}, t("new_board")), form,
      h("button", { type: "button", class: "button secondary", onclick: () => { dialog.close(); resolve(null); } }, t("cancel")));
    dialog.addEventListener("close", () => { dialog.remove(); resolve(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function share(note) {
  const url = `${location.origin}/n/${note.id}`;
  if (navigator.share) {
    try { await navigator.share({ title: note.title, url }); return; } catch (error) {
      if (error.name === "AbortError") return; // the reader closed the share sheet
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    toast(t("link_copied"));
  } catch { prompt(t("share"), url); }
}

function actionBar(note, commentBox) {
  const count = (n) => h("span", { class: "count" }, compact(n));
  const likeButton = h("button", { type: "button", class: "action like" });
  const collectButton = h("button", { type: "button", class: "action collect" });
  const commentButton = h("button", { type: "button", class: "action comment", "data-comments-count": "", "aria-label": t("comment"),
    onclick: () => { commentBox.scrollIntoView({ block: "center" }); commentBox.focus({ preventScroll: true }); } });
  note.paintComments = () => { commentButton.replaceChildren(icon("comment"), count(note.counts.comments)); };
  note.paintComments();
  const paint = () => {
    likeButton.replaceChildren(icon("like"), count(note.counts.likes));
    likeButton.setAttribute("aria-label", note.viewer.liked ? t("liked") : t("like"));
    likeButton.setAttribute("aria-pressed", String(note.viewer.liked));
    collectButton.replaceChildren(icon("collect"), count(note.counts.collects));
    collectButton.setAttribute("aria-label", note.viewer.collected ? t("collected") : t("collect"));
    collectButton.setAttribute("aria-pressed", String(note.viewer.collected));
  };
  onTap(likeButton, async () => {
    if (!requireSignIn()) return;
    const state = await api(`/api/v1/notes/${note.id}/like`, { method: note.viewer.liked ? "DELETE" : "POST" });
    note.viewer.liked = state.liked; note.counts.likes = state.count; paint();
  });
  onTap(collectButton, async (event) => {
    if (!requireSignIn()) return;
    let state;
    if (note.viewer.collected && !event.shiftKey) {
      state = await api(`/api/v1/notes/${note.id}/collect`, { method: "DELETE" });
    } else {
      const boardId = await chooseBoard(note);
      if (!boardId) return;
      state = await api(`/api/v1/notes/${note.id}/collect`, { method: "POST", json: { board_id: boardId } });
    }
    note.viewer.collected = state.collected; note.counts.collects = state.count; paint();
  });
  const shareButton = h("button", { type: "button", class: "action share", "aria-label": t("share") }, icon("share"),
    h("span", { class: "count" }, t("share")));
  onTap(shareButton, () => share(note));
  paint();
  return h("div", { class: "actions-bar" }, likeButton, collectButton, commentButton, shareButton);
}

function commentText(comment) {
  const text = h("span", { class: "comment-text" }, richText(comment.body));
  const line = h("p", {}, comment.reply_to ? [h("span", { class: "muted" }, `@${comment.reply_to.username} `)] : [], text);
  if (!comment.body || !needsTranslation(comment.language)) return line;
  return h("div", {}, line, translateAction(`/api/v1/comments/${comment.id}/translation`, [[text, "body"]]));
}

function commentItem(comment, note, thread) {
  const like = h("button", { type: "button", class: `link small${comment.viewer_liked ? " on" : ""}` });
  const paint = () => { like.textContent = `${comment.viewer_liked ? "♥" : "♡"} ${compact(comment.likes)}`; like.setAttribute("aria-pressed", String(comment.viewer_liked)); };
  onTap(like, async () => {
    if (!requireSignIn()) return;
    const state = await api(`/api/v1/comments/${comment.id}/like`, { method: comment.viewer_liked ? "DELETE" : "POST" });
    comment.viewer_liked = state.liked; comment.likes = state.count; paint();
  });
  paint();
  const canDelete = me && (comment.author.username === me || note.author.username === me);
  const item = h("li", { class: "comment", "data-comment-id": comment.id },
    avatar(comment.author),
    h("div", { class: "comment-body" },
      h("a", { href: `/u/${comment.author.username}`, class: "name" }, comment.author.display_name),
      commentText(comment),
      comment.media?.urls?.card ? h("img", { src: comment.media.urls.card, alt: "", class: "comment-image", loading: "lazy" }) : null,
      h("div", { class: "meta" },
        h("span", { class: "muted" }, [when(comment.created_at), knownRegion(comment.ip_region)].filter(Boolean).join(" · ")),
        like,
        h("button", { type: "button", class: "link small", onclick: () => thread.replyTo(comment) }, t("reply")),
        canDelete ? h("button", { type: "button", class: "link small", onclick: async () => {
          if (!confirm(t("confirm_delete_comment"))) return;
          try {
            await api(`/api/v1/comments/${comment.id}`, { method: "DELETE" });
            item.remove();
          } catch (error) { toast(error.message); }
        } }, t("delete")) : null,
        me && !canDelete ? h("a", { class: "link small", href: `/report?type=comment&id=${comment.id}` }, t("report")) : null)));
  return item;
}

function commentsSection(note) {
  const list = h("ul", { class: "comments" });
  const status = h("p", { class: "muted" });
  const more = h("button", { type: "button", class: "button secondary", hidden: true }, t("load_more"));
  const input = h("textarea", { rows: 2, maxlength: 500, placeholder: t("add_comment"), "aria-label": t("comment") });
  const replyLabel = h("p", { class: "replying muted", hidden: true });
  const send = h("button", { type: "submit", class: "button" }, t("send"));
  let replyParent = null;
  const thread = {
    replyTo(comment) {
      if (!requireSignIn()) return;
      replyParent = comment;
      replyLabel.hidden = false;
      replyLabel.replaceChildren(t("reply_to", { name: comment.author.username }), " ",
        h("button", { type: "button", class: "link small", onclick: () => { replyParent = null; replyLabel.hidden = true; } }, t("cancel")));
      input.focus();
    },
  };
  function addTop(comment, atStart = false) {
    const item = commentItem(comment, note, thread);
    const replies = h("ul", { class: "replies" }, (comment.replies || []).map((r) => commentItem(r, note, thread)));
    item.querySelector(".comment-body").append(replies);
    const shown = (comment.replies || []).length;
    if (comment.replies_count > shown) {
      let cursor = null;
      const expand = h("button", { type: "button", class: "link small more-replies" }, t("more_replies", { count: comment.replies_count - shown }));
      onTap(expand, async () => {
        const page = await api(`/api/v1/comments/${comment.id}/replies${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
        const have = new Set([...replies.children].map((li) => li.dataset.commentId));
        for (const r of page.items) if (!have.has(r.id)) replies.append(commentItem(r, note, thread));
        cursor = page.next_cursor;
        if (!cursor) expand.remove();
      });
      item.querySelector(".comment-body").append(expand);
    }
    if (atStart) list.prepend(item); else list.append(item);
    return replies;
  }
  let cursor = null;
  async function load() {
    const page = await api(`/api/v1/notes/${note.id}/comments${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`);
    page.items.forEach((c) => addTop(c));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    status.textContent = list.children.length ? "" : t("no_comments");
  }
  onTap(more, load);
  const form = h("form", { class: "comment-form", onsubmit: async (e) => {
    e.preventDefault();
    if (send.disabled || !requireSignIn()) return;
    const body = input.value.trim();
    if (!body) return;
    send.disabled = true; // Enter twice, or a double tap, sends one comment
    try {
      const created = await api(`/api/v1/notes/${note.id}/comments`, { method: "POST", json: { body, parent_id: replyParent?.id || null } });
      input.value = "";
      note.counts.comments += 1;
      note.paintComments?.();
      if (created.parent_id) {
        const parent = list.querySelector(`[data-comment-id="${created.parent_id}"] .replies`);
        parent?.append(commentItem(created, note, thread));
      } else {
        addTop({ ...created, replies: [] }, true);
      }
      replyParent = null; replyLabel.hidden = true; status.textContent = "";
    } catch (error) { toast(error.message); } finally { send.disabled = false; }
  } }, replyLabel, input, send);
  attachMentions(input);  // inside the form now, so its suggestion list can sit right under the box
  if (note.status === "published") load().catch((e) => { status.textContent = e.message; });
  return { input, section: h("section", { class: "comments-section" }, h("h2", {}, t("comments")), form, status, list, more) };
}

function authorHeader(note, server) {
  const tools = note.viewer.is_author ? h("div", { class: "owner-tools" },
    h("a", { href: `/compose/${note.id}`, class: "link small" }, t("edit")),
    h("button", { type: "button", class: "link small", onclick: async () => {
      if (!confirm(t("confirm_delete_note"))) return;
      try {
        await api(`/api/v1/notes/${note.id}`, { method: "DELETE" });
        location.href = `/u/${note.author.username}`;
      } catch (error) { toast(error.message); }
    } }, t("delete"))) : me ? h("div", { class: "owner-tools" },
    h("a", { href: `/report?type=note&id=${note.id}`, class: "link small", "data-report": "" }, t("report"))) : null;
  let follow = null;
  if (!note.viewer.is_author && me) {
    const drawn = server?.querySelector("[data-follow-author]");
    follow = followButton(note.author.username, drawn ? drawn.getAttribute("aria-pressed") === "true" : null);
  } else if (!note.viewer.is_author) {
    follow = server?.querySelector(".note-author .follow") || h("a", { class: "button follow",
      href: `/login?next=${encodeURIComponent(`/n/${note.id}`)}` }, t("follow"));
  }
  return h("header", { class: "note-author" },
    h("a", { href: `/u/${note.author.username}`, class: "author" }, avatar(note.author), h("strong", {}, note.author.display_name)),
    follow, tools);
}

// `server`: the note as web/note.html drew it, on the note's own page; its photos are kept as they
// are (already on screen, no second download, no layout shift).
export function renderNote(note, server = null) {
  const statusBadge = note.status !== "published"
    ? h("p", { class: "status-badge" }, note.status === "processing" ? t("processing") : note.status === "failed" ? `${t("failed")}: ${note.failure_reason || ""}` : t("draft"))
    : note.under_review ? h("p", { class: "status-badge" }, t("under_review"),
      note.viewer.is_author ? [" · ", h("a", { href: "/decisions" }, t("why"))] : [])
    : ["removed", "limited"].includes(note.moderation) ? h("p", { class: "status-badge" },
      t(note.moderation === "removed" ? "removed_by_moderation" : "limited_by_moderation"), " · ",
      h("a", { href: "/decisions" }, t("why"))) : null;
  const labelBadges = (note.labels || []).map((label) => h("span", { class: "label-badge" }, t(`label_${label}`)));
  const media = server?.querySelector(".note-detail > .media") || mediaView(note.media, note.title);
  enhanceCarousel(media);
  const title = h("h1", {}, note.title);
  const body = h("p", { class: "body" }, richText(note.body || ""));
  const translate = note.status === "published" && needsTranslation(note.language)
    ? h("p", { class: "note-translate" }, translateAction(`/api/v1/notes/${note.id}/translation`, [[title, "title"], [body, "body"]]))
    : null;
  const meta = [when(note.published_at || note.created_at), note.edited_at ? t("edited") : "", regionText(note.ip_region),
    `${t("views")} ${compact(note.counts.views)}`].filter(Boolean).join(" · ");
  const text = h("div", { class: "note-text" },
    statusBadge,
    labelBadges.length ? h("p", { class: "labels" }, labelBadges) : null,
    title,
    body,
    translate,
    h("p", { class: "tags" }, note.topics.filter((tp) => !(note.body || "").includes(tp.name))
      .map((tp) => h("a", { href: `/t/${encodeURIComponent(tp.name)}`, class: "topic" }, `#${tp.name} `))),
    note.location ? h("p", { class: "place" }, icon("place"), note.location_label || note.location) : null,
    h("p", { class: "note-meta muted" }, meta));
  const comments = commentsSection(note);
  return h("div", { class: `note-detail kind-${note.kind}` }, authorHeader(note, server), media,
    h("div", { class: "note-scroll" }, text, comments.section), actionBar(note, comments.input));
}
