// A note, as a page or over the waterfall: carousel or video, text, actions and two-level comments.
import { api } from "./api.js";
import { avatar, compact, h, me, requireSignIn, richText, t, toast, when } from "./dom.js";
import { needsTranslation, translateAction } from "./translate.js";

function carousel(media, title) {
  if (!media.length) return h("div", { class: "media empty" });
  const first = media[0];
  if (first.kind === "video") {
    if (first.status !== "ready") return h("div", { class: "media processing" }, t("processing"));
    return h("div", { class: "media" }, h("video", { src: first.urls.video, poster: first.urls.detail, controls: true,
      playsinline: true, preload: "metadata", width: first.width, height: first.height }));
  }
  let index = 0;
  const track = h("div", { class: "slides" });
  media.forEach((item, i) => {
    const img = h("img", { src: item.urls.detail || item.urls.card, alt: item.alt_text || `${title} (${i + 1})`,
      width: item.width, height: item.height, loading: i ? "lazy" : "eager", draggable: "false" });
    track.append(h("figure", { class: "slide", "aria-roledescription": "slide", "aria-label": t("photo_n_of_m", { n: i + 1, m: media.length }) }, img));
  });
  const dots = h("div", { class: "dots", "aria-hidden": "true" }, media.map(() => h("span")));
  const counter = h("span", { class: "counter" });
  const root = h("div", { class: "media carousel", tabindex: "0", "aria-roledescription": "carousel", "aria-label": title }, track);
  const ratio = Math.min(Math.max((first.height || 4) / (first.width || 3), 0.6), 1.6);
  root.style.setProperty("--ratio", String(ratio));
  function show(i) {
    index = Math.max(0, Math.min(media.length - 1, i));
    track.style.setProperty("--index", String(index));
    [...dots.children].forEach((d, k) => d.classList.toggle("on", k === index));
    counter.textContent = `${index + 1}/${media.length}`;
    prev.disabled = index === 0; next.disabled = index === media.length - 1;
  }
  const prev = h("button", { type: "button", class: "nav prev", "aria-label": t("previous"), onclick: () => show(index - 1) }, "‹");
  const next = h("button", { type: "button", class: "nav next", "aria-label": t("next"), onclick: () => show(index + 1) }, "›");
  if (media.length > 1) root.append(prev, next, dots, counter);
  root.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") { show(index - 1); e.preventDefault(); }
    if (e.key === "ArrowRight") { show(index + 1); e.preventDefault(); }
  });
  let startX = null;
  root.addEventListener("pointerdown", (e) => { startX = e.clientX; });
  root.addEventListener("pointerup", (e) => {
    if (startX === null) return;
    const dx = e.clientX - startX; startX = null;
    if (Math.abs(dx) > 40) show(index + (dx < 0 ? 1 : -1));
  });
  show(0);
  return root;
}

async function chooseBoard(note) {
  const { items } = await api("/api/v1/boards");
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "board-picker" });
    const list = h("ul", {}, items.map((b) => h("li", {}, h("button", { type: "button", class: "link",
      onclick: () => { dialog.close(); resolve(b.id); } }, b.name, b.private ? " 🔒" : ""))));
    const name = h("input", { placeholder: t("board_name"), maxlength: 40, "aria-label": t("board_name") });
    const isPrivate = h("input", { type: "checkbox" });
    const form = h("form", { class: "new-board", onsubmit: async (e) => {
      e.preventDefault();
      try {
        const board = await api("/api/v1/boards", { method: "POST", json: { name: name.value, private: isPrivate.checked } });
        dialog.close(); resolve(board.id);
      } catch (error) { toast(error.message); }
    } }, name, h("label", { class: "check" }, isPrivate, " ", t("private")), h("button", { class: "button", type: "submit" }, t("create")));
    dialog.append(h("h2", {}, t("choose_board")), list, h("h3", {}, t("new_board")), form,
      h("button", { type: "button", class: "button secondary", onclick: () => { dialog.close(); resolve(null); } }, t("cancel")));
    dialog.addEventListener("close", () => { dialog.remove(); resolve(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

function actionBar(note) {
  const likeButton = h("button", { type: "button", class: "action like", "aria-pressed": String(note.viewer.liked) });
  const collectButton = h("button", { type: "button", class: "action collect", "aria-pressed": String(note.viewer.collected) });
  const commentCount = h("span", { class: "action", "data-comments-count": "" });
  note.paintComments = () => { commentCount.textContent = `${t("comment")} ${compact(note.counts.comments)}`; };
  note.paintComments();
  const paint = () => {
    likeButton.textContent = `${note.viewer.liked ? "♥" : "♡"} ${compact(note.counts.likes)}`;
    likeButton.setAttribute("aria-label", note.viewer.liked ? t("liked") : t("like"));
    likeButton.setAttribute("aria-pressed", String(note.viewer.liked));
    collectButton.textContent = `${note.viewer.collected ? "★" : "☆"} ${compact(note.counts.collects)}`;
    collectButton.setAttribute("aria-label", note.viewer.collected ? t("collected") : t("collect"));
    collectButton.setAttribute("aria-pressed", String(note.viewer.collected));
  };
  likeButton.addEventListener("click", async () => {
    if (!requireSignIn()) return;
    const state = await api(`/api/v1/notes/${note.id}/like`, { method: note.viewer.liked ? "DELETE" : "POST" }).catch((e) => toast(e.message));
    if (state) { note.viewer.liked = state.liked; note.counts.likes = state.count; paint(); }
  });
  collectButton.addEventListener("click", async (event) => {
    if (!requireSignIn()) return;
    let state;
    try {
      if (note.viewer.collected && !event.shiftKey) {
        state = await api(`/api/v1/notes/${note.id}/collect`, { method: "DELETE" });
      } else {
        const boardId = await chooseBoard(note);
        if (!boardId) return;
        state = await api(`/api/v1/notes/${note.id}/collect`, { method: "POST", json: { board_id: boardId } });
      }
    } catch (error) { toast(error.message); return; }
    note.viewer.collected = state.collected; note.counts.collects = state.count; paint();
  });
  const share = h("button", { type: "button", class: "action", onclick: async () => {
    const url = `${location.origin}/n/${note.id}`;
    try { await navigator.clipboard.writeText(url); toast(t("link_copied")); } catch { prompt(t("share"), url); }
  } }, `↗ ${t("share")}`);
  paint();
  return h("div", { class: "actions-bar" }, likeButton, collectButton, commentCount, share);
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
  like.addEventListener("click", async () => {
    if (!requireSignIn()) return;
    const state = await api(`/api/v1/comments/${comment.id}/like`, { method: comment.viewer_liked ? "DELETE" : "POST" }).catch((e) => toast(e.message));
    if (state) { comment.viewer_liked = state.liked; comment.likes = state.count; paint(); }
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
        h("span", { class: "muted" }, `${when(comment.created_at)} · ${comment.ip_region}`),
        like,
        h("button", { type: "button", class: "link small", onclick: () => thread.replyTo(comment) }, t("reply")),
        canDelete ? h("button", { type: "button", class: "link small", onclick: async () => {
          if (!confirm(t("confirm_delete_comment"))) return;
          await api(`/api/v1/comments/${comment.id}`, { method: "DELETE" }).catch((e) => toast(e.message));
          item.remove();
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
      expand.addEventListener("click", async () => {
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
  more.addEventListener("click", load);
  const form = h("form", { class: "comment-form", onsubmit: async (e) => {
    e.preventDefault();
    if (!requireSignIn()) return;
    const body = input.value.trim();
    if (!body) return;
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
    } catch (error) { toast(error.message); }
  } }, replyLabel, input, h("button", { type: "submit", class: "button" }, t("send")));
  if (note.status === "published") load().catch((e) => { status.textContent = e.message; });
  return h("section", { class: "comments-section" }, h("h2", {}, t("comments")), form, status, list, more);
}

export function renderNote(note) {
  const statusBadge = note.status !== "published"
    ? h("p", { class: "status-badge" }, note.status === "processing" ? t("processing") : note.status === "failed" ? `${t("failed")}: ${note.failure_reason || ""}` : t("draft"))
    : note.under_review ? h("p", { class: "status-badge" }, t("under_review"),
      note.viewer.is_author ? [" · ", h("a", { href: "/decisions" }, t("why"))] : [])
    : ["removed", "limited"].includes(note.moderation) ? h("p", { class: "status-badge" },
      t(note.moderation === "removed" ? "removed_by_moderation" : "limited_by_moderation"), " · ",
      h("a", { href: "/decisions" }, t("why"))) : null;
  const labelBadges = (note.labels || []).map((label) => h("span", { class: "label-badge" }, t(`label_${label}`)));
  const ownerTools = note.viewer.is_author ? h("div", { class: "owner-tools" },
    h("a", { href: `/compose/${note.id}`, class: "link small" }, t("edit")),
    h("button", { type: "button", class: "link small", onclick: async () => {
      if (!confirm(t("confirm_delete_note"))) return;
      await api(`/api/v1/notes/${note.id}`, { method: "DELETE" });
      location.href = `/u/${note.author.username}`;
    } }, t("delete"))) : document.body.dataset.me ? h("div", { class: "owner-tools" },
    h("a", { href: `/report?type=note&id=${note.id}`, class: "link small", "data-report": "" }, t("report"))) : null;
  const actions = actionBar(note);
  const title = h("h1", {}, note.title);
  const body = h("p", { class: "body" }, richText(note.body || ""));
  const translate = note.status === "published" && needsTranslation(note.language)
    ? h("p", { class: "note-translate" }, translateAction(`/api/v1/notes/${note.id}/translation`, [[title, "title"], [body, "body"]]))
    : null;
  const side = h("div", { class: "note-side" },
    h("header", { class: "note-author" },
      h("a", { href: `/u/${note.author.username}`, class: "author" }, avatar(note.author), h("strong", {}, note.author.display_name)),
      ownerTools),
    h("div", { class: "note-text" },
      statusBadge,
      labelBadges.length ? h("p", { class: "labels" }, labelBadges) : null,
      title,
      body,
      translate,
      h("p", { class: "tags" }, note.topics.filter((tp) => !(note.body || "").includes(tp.name))
        .map((tp) => h("a", { href: `/t/${encodeURIComponent(tp.name)}`, class: "topic" }, `#${tp.name} `))),
      h("p", { class: "note-meta muted" },
        when(note.published_at || note.created_at),
        note.edited_at ? ` · ${t("edited")}` : "",
        note.location ? ` · ${note.location}` : "",
        ` · ${t("ip_region")}: ${note.ip_region}`,
        ` · ${t("views")} ${compact(note.counts.views)}`)),
    commentsSection(note),
    actions);
  return h("div", { class: `note-detail kind-${note.kind}` }, carousel(note.media, note.title), side);
}
