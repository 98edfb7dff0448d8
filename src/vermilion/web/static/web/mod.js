// Moderation console keyboard shortcuts. Queue: j / k move, Enter opens. Case: a letter picks an
// action (shown on its button) and puts the cursor in the reason; Ctrl+Enter (or Cmd+Enter) applies.
const typing = (el) => el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT");

const queue = document.querySelector("[data-mod-queue]");
if (queue) {
  const links = [...queue.querySelectorAll("a[data-case]")];
  let index = 0;
  const select = (i) => {
    index = Math.max(0, Math.min(links.length - 1, i));
    links.forEach((a, n) => a.parentElement.classList.toggle("selected", n === index));
    links[index]?.focus();
  };
  if (links.length) select(0);
  document.addEventListener("keydown", (event) => {
    if (typing(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    if (event.key === "k") { select(index - 1); event.preventDefault(); }
  });
}

const form = document.querySelector("form[data-mod-form]");
if (form) {
  const reason = form.querySelector("textarea[name=reason]");
  const byKey = new Map([...form.querySelectorAll("input[name=action]")].map((input) => [input.dataset.key, input]));
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (typing(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
    const input = byKey.get(event.key.toLowerCase());
    if (input) {
      event.preventDefault();
      input.checked = true;
      reason.focus();
    }
  });
}
