// Small browser helpers for IssueTracker's components; everything else is Blazor.
window.issueTracker = {
  // Remember the light/dark choice for a year; read by the server on the next page load.
  setTheme(value) {
    document.cookie = `it-theme=${value}; path=/; max-age=31536000; samesite=lax`;
  },

  // Single-key shortcuts ("c" = new issue, "/" = search, "?" = the list of shortcuts) unless the user is typing somewhere.
  registerShortcuts(dotnet) {
    const handler = (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      const typing = t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
      if (typing || document.querySelector(".mud-dialog-container")) return;
      if (e.key === "c" || e.key === "/" || e.key === "?") {
        e.preventDefault();
        dotnet.invokeMethodAsync("OnShortcut", e.key);
      }
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
  },

  copy(text) {
    return navigator.clipboard?.writeText(text) ?? Promise.resolve();
  },

  submitForm(id) {
    if (id === "sign-out") window.issueTracker.clearDrafts();
    document.getElementById(id)?.submit();
  },

  // The address bar says what people say (/issues/CUST-42) without a navigation: the page is the same.
  replaceAddress(path) {
    if (location.pathname !== path) history.replaceState(history.state, "", path + location.search + location.hash);
  },

  // Drafts of descriptions and comments, kept in this browser until saved, so a reload or a click elsewhere loses
  // nothing; signing out forgets them all.
  saveDraft(key, text) {
    try {
      if (text) localStorage.setItem("it-draft:" + key, text); else localStorage.removeItem("it-draft:" + key);
    } catch { /* storage full or off: the draft is simply not kept */ }
  },
  loadDraft(key) {
    try { return localStorage.getItem("it-draft:" + key); } catch { return null; }
  },
  clearDrafts() {
    try {
      for (const key of Object.keys(localStorage)) if (key.startsWith("it-draft:")) localStorage.removeItem(key);
    } catch { /* nothing kept */ }
  },

  focus(selector) {
    const el = document.querySelector(selector);
    if (el) el.focus();
  },

  download(fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  },
};

// With the people to mention offered under an editor, Enter picks the first (highlighted) one instead of starting a new
// line: the browser would add the line before the server heard of the key, leaving a dead "@pri" in the text.
document.addEventListener("keydown", (e) => {
  if (e.key !== "Enter" || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const t = e.target;
  if (!(t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement)) return;
  for (let scope = t.parentElement, depth = 0; scope && depth < 8; scope = scope.parentElement, depth++) {
    const first = scope.querySelector("[data-testid=mention-picker] [role=option]");
    if (!first) continue;
    e.preventDefault();
    first.click();
    return;
  }
}, true);

// Board cards are dragged with the browser's own drag and drop; Firefox starts a drag only when the drag carries data.
document.addEventListener("dragstart", (e) => {
  const card = e.target instanceof Element ? e.target.querySelector(":scope > [data-testid=issue-card]") : null;
  if (!card || !e.dataTransfer) return;
  e.dataTransfer.setData("text/plain", card.dataset.key);
  e.dataTransfer.effectAllowed = "move";
});

// Keyboard triage on the board and the list (the keys a card or row answers are TriageKeys.cs's): the arrow keys move
// the focus from card to card, up and down a column and across to the next one, from row to row in the list, and
// between the items of a card's actions menu.
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const t = e.target;
  if (!(t instanceof HTMLElement)) return;
  const menu = t.closest("[role=menu]");
  if (menu && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
    const items = [...menu.querySelectorAll("[role=menuitem]")];
    const next = items[(items.indexOf(t) + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
    if (next) { e.preventDefault(); next.focus(); }
    return;
  }
  if (t.matches("[data-row-key]") && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
    const rows = [...document.querySelectorAll("[data-row-key]")];
    const next = rows[rows.indexOf(t) + (e.key === "ArrowDown" ? 1 : -1)];
    if (next) { e.preventDefault(); next.focus(); }
    return;
  }
  if (!t.matches("[data-card-key]")) return;
  const column = t.closest(".board-column");
  const cards = (scope) => [...scope.querySelectorAll("[data-card-key]")];
  let next = null;
  if (e.key === "ArrowDown" || e.key === "ArrowUp") {
    const mine = cards(column);
    next = mine[mine.indexOf(t) + (e.key === "ArrowDown" ? 1 : -1)];
  } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
    const columns = [...document.querySelectorAll(".board-column")];
    const row = cards(column).indexOf(t);
    for (let i = columns.indexOf(column) + (e.key === "ArrowRight" ? 1 : -1); i >= 0 && i < columns.length && !next; i += e.key === "ArrowRight" ? 1 : -1) {
      const there = cards(columns[i]);
      next = there[Math.min(row, there.length - 1)] ?? null;
    }
  }
  if (next) { e.preventDefault(); next.focus(); }
});
