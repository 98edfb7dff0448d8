// Relationships, people lists, notifications and the unread badge.
import { api } from "./api.js";
import { avatar, h, onTap, requireSignIn, t, toast, when } from "./dom.js";

// The Follow button beside an author. `following` null: not known yet (a note opened over the
// waterfall), asked for before the button shows.
export function followButton(username, following) {
  const button = h("button", { type: "button", class: "button follow", "data-follow-author": "" });
  const paint = (on) => { button.setAttribute("aria-pressed", String(on)); button.textContent = t(on ? "following" : "follow"); };
  paint(Boolean(following));
  if (following === null) {
    button.hidden = true;
    api(`/api/v1/users/${encodeURIComponent(username)}`).then((person) => {
      paint(Boolean(person.viewer?.following));
      button.hidden = Boolean(person.viewer?.is_self);
    }).catch(() => {});
  }
  onTap(button, async () => {
    if (!requireSignIn()) return;
    const on = button.getAttribute("aria-pressed") === "true";
    const state = await api(`/api/v1/users/${encodeURIComponent(username)}/follow`, { method: on ? "DELETE" : "POST" });
    paint(Boolean(state.following));
  });
  return button;
}

export function initRelation(root) {
  const username = root.dataset.username;
  const labels = { follow: ["follow", "following"], mute: ["mute", "unmute"], block: ["block", "unblock"] };
  const followers = document.querySelector("[data-followers-count]");
  for (const kind of Object.keys(labels)) {
    const button = root.querySelector(`[data-${kind}]`);
    onTap(button, async () => {
      const on = button.getAttribute("aria-pressed") === "true";
      if (kind === "block" && !on && !confirm(t("confirm_block", { name: username }))) return;
      const state = await api(`/api/v1/users/${username}/${kind}`, { method: on ? "DELETE" : "POST" });
      const now = { follow: state.following, mute: state.muting, block: state.blocking }[kind] ?? !on;
      button.setAttribute("aria-pressed", String(now));
      button.textContent = t(labels[kind][now ? 1 : 0]);
      const follow = root.querySelector("[data-follow]");
      if (kind === "block" && now) { follow.setAttribute("aria-pressed", "false"); follow.textContent = t("follow"); }
      if (kind === "follow" && now !== on && followers && /^\d+$/.test(followers.textContent)) {
        const count = Number(followers.textContent) + (now ? 1 : -1); // exact below 1,000 (then 1.2k)
        followers.textContent = String(count);
        const label = document.querySelector("[data-followers-label]");
        if (label) label.textContent = t(count === 1 ? "follower_one" : "follower_other");
      }
    });
  }
}

export async function initPeople(list) {
  const action = list.dataset.action; // "block" / "mute" lists in settings offer undo
  const page = await api(list.dataset.source).catch((e) => ({ items: [], error: e.message }));
  if (!page.items.length) {
    list.replaceChildren(h("li", { class: "muted" }, page.error || t(list.dataset.empty || "empty_feed")));
    return;
  }
  list.replaceChildren(...page.items.map((person) => {
    const li = h("li", { class: "person" },
      h("a", { href: `/u/${person.username}`, class: "author" }, avatar(person), h("span", {}, person.display_name), h("small", { class: "muted" }, ` @${person.username}`)));
    if (action) {
      li.append(h("button", { type: "button", class: "button secondary", onclick: async () => {
        await api(`/api/v1/users/${person.username}/${action}`, { method: "DELETE" }).catch((e) => toast(e.message));
        li.remove();
      } }, t(action === "block" ? "unblock" : "unmute")));
    }
    return li;
  }));
}

export async function refreshUnread() {
  const badge = document.querySelector("[data-unread]");
  if (!badge) return null;
  const unread = await api("/api/v1/notifications/unread").catch(() => null);
  if (!unread) return null;
  badge.hidden = !unread.total;
  badge.textContent = unread.total > 99 ? "99+" : String(unread.total);
  for (const el of document.querySelectorAll("[data-unread-group]")) {
    const count = unread[el.dataset.unreadGroup];
    el.hidden = !count; el.textContent = String(count);
  }
  return unread;
}

export async function initNotifications(list) {
  const group = list.dataset.group;
  const page = await api(`/api/v1/notifications?group=${group}`);
  if (!page.items.length) list.replaceChildren(h("li", { class: "muted" }, t("no_notifications")));
  else list.replaceChildren(...page.items.map((n) => h("li", { class: `notification${n.read ? "" : " unread"}` },
    h("a", { href: `/u/${n.actor.username}`, class: "author" }, avatar(n.actor), h("strong", {}, n.actor.display_name)),
    h("div", { class: "what" },
      // "liked your note · 4 seconds ago": the action and its time never run together.
      h("span", { class: "action" }, ` ${t(`kind_${n.kind}`)}`),
      h("small", { class: "muted when" }, " · ", h("time", { datetime: n.created_at }, when(n.created_at))),
      n.comment ? h("p", { class: "quote" }, n.comment.body) : null),
    n.note ? h("a", { href: `/n/${n.note.id}`, class: "note-thumb" },
      n.note.cover?.thumb ? h("img", { src: n.note.cover.thumb, alt: n.note.title, width: 56, height: 56 }) : h("span", {}, n.note.title)) : null)));
  // Seeing the group is reading it.
  await api("/api/v1/notifications/read", { method: "POST", json: { group } }).catch(() => null);
  await refreshUnread();
}
