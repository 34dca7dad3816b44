/*
 * nenkin-assistant: the resident chat page (GET /, also opened by embed.js as GET /?embed=1).
 *
 * Plain browser JavaScript, no framework and no build step. The Content-Security-Policy forbids inline
 * script and style, so this file is loaded from <head> and everything it shows is built with DOM APIs:
 * text always goes through textContent, never through HTML parsing.
 *
 * Contract: POST api/chat {session_id, message, language?} -> {language, messages[{text, buttons}], handoff, ...};
 * 413/429/503 answer {error, message, language, phone} (429 with Retry-After).
 *
 * The server renders the page in its default language with the language menu (one button per language it
 * serves, from GET /api/languages' list); this script reads the languages from that menu and every other
 * text from GET api/ui-text (knowledge/messages.yml), so no list of languages or texts lives here.
 */
(function () {
  "use strict";

  const root = document.documentElement;
  const DEFAULT_LANGUAGE = root.lang; // the language the server rendered the page in
  const MAX_LENGTH = 1000;
  const COUNTER_FROM = 100; // show "N characters left" once this few remain
  const REQUEST_TIMEOUT_MS = 30000; // the API itself gives up on Rasa after 15 s
  const DEFAULT_RETRY_SECONDS = 5; // a 429 without a usable Retry-After
  const MAX_RETRY_SECONDS = 600;
  const STORAGE_SESSION = "nenkin-assistant.session";
  const STORAGE_LANGUAGE = "nenkin-assistant.language";
  const SESSION_PATTERN = /^[A-Za-z0-9_-]{22}$/;
  const MESSAGE_PREFIX = "nenkin-assistant:"; // postMessage types shared with embed.js
  // Shown only when the texts themselves cannot be loaded (then the API is most likely unreachable as well).
  const FALLBACK_ERROR = root.dataset.offlineMessage || "";

  const params = new URLSearchParams(window.location.search);
  const embedded = params.get("embed") === "1";
  const framed = window.parent !== window;
  if (embedded) {
    // Set before the body is parsed so the full-page header never flashes inside the widget's panel.
    root.classList.add("is-embedded");
  }

  const state = {
    texts: null, // GET api/ui-text: {language: {key: string}}
    languages: [], // the codes of the language menu, in its order
    ui: DEFAULT_LANGUAGE, // language of the interface
    chosen: null, // language the resident picked: sent with every request
    session: "",
    busy: false,
    greetPending: false,
    blockedUntil: 0, // after a 429, epoch ms until which sending is paused
    blockTimer: 0,
    cardCount: 0,
  };
  const el = {};

  // ---------------------------------------------------------------- storage and session

  const storage = {
    get(key) {
      try {
        return window.sessionStorage.getItem(key);
      } catch {
        return null; // storage disabled (privacy settings, some third-party iframes)
      }
    },
    set(key, value) {
      try {
        window.sessionStorage.setItem(key, value);
      } catch {
        // Without storage the conversation still works; it just does not survive a reload.
      }
    },
  };

  /** 16 random bytes as unpadded base64url: 22 characters of [A-Za-z0-9_-]. */
  function newSessionId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    const base64 = window.btoa(String.fromCharCode(...bytes));
    return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function loadSessionId() {
    let id = storage.get(STORAGE_SESSION);
    if (!id || !SESSION_PATTERN.test(id)) {
      id = newSessionId();
      storage.set(STORAGE_SESSION, id);
    }
    return id;
  }

  function supported(code) {
    return state.languages.includes(code) ? code : null;
  }

  // ---------------------------------------------------------------- interface text

  async function loadTexts() {
    try {
      const response = await fetch("api/ui-text", { credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(`api/ui-text answered HTTP ${response.status}`);
      }
      state.texts = await response.json();
    } catch {
      state.texts = null; // keep the texts the server rendered the page with
    }
  }

  /** The UI string `key` in the interface language, with `{name}` placeholders filled from `values`. */
  function t(key, values) {
    const texts = state.texts;
    if (!texts) {
      return "";
    }
    const table = texts[state.ui] || texts[DEFAULT_LANGUAGE] || {};
    const template = typeof table[key] === "string" ? table[key] : (texts[DEFAULT_LANGUAGE] || {})[key] || "";
    return template.replace(/\{(\w+)\}/g, (match, name) =>
      values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match,
    );
  }

  function applyLanguage(code) {
    state.ui = code;
    const entry = [...el.options].find((option) => option.dataset.language === code);
    root.lang = code;
    root.dir = entry && entry.dataset.dir === "rtl" ? "rtl" : "ltr";
    if (state.texts) {
      document.title = t("pageTitle");
      for (const node of document.querySelectorAll("[data-i18n]")) {
        node.textContent = t(node.dataset.i18n);
      }
      for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
        node.placeholder = t(node.dataset.i18nPlaceholder);
      }
      for (const node of document.querySelectorAll("[data-i18n-aria-label]")) {
        node.setAttribute("aria-label", t(node.dataset.i18nAriaLabel));
      }
    }
    for (const option of el.options) {
      if (option.dataset.language === code) {
        option.setAttribute("aria-current", "true");
        el.currentLanguage.textContent = option.textContent;
        el.currentLanguage.lang = code;
      } else {
        option.removeAttribute("aria-current");
      }
    }
    refreshControls();
    tellParent("language", { language: code });
  }

  // ---------------------------------------------------------------- language menu (disclosure of buttons)

  function menuOpen() {
    return !el.menu.hidden;
  }

  function openMenu(focus) {
    el.menu.hidden = false;
    el.toggle.setAttribute("aria-expanded", "true");
    const options = [...el.options];
    const current = options.find((option) => option.hasAttribute("aria-current")) || options[0];
    const target = focus === "first" ? options[0] : focus === "last" ? options[options.length - 1] : current;
    target.focus();
  }

  function closeMenu(returnFocus) {
    if (!menuOpen()) {
      return;
    }
    el.menu.hidden = true;
    el.toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      el.toggle.focus();
    }
  }

  function moveInMenu(event) {
    const options = [...el.options];
    const index = options.indexOf(document.activeElement);
    const moves = {
      ArrowDown: (index + 1) % options.length,
      ArrowUp: (index - 1 + options.length) % options.length,
      Home: 0,
      End: options.length - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      options[moves[event.key]].focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      closeMenu(true);
    } else if (event.key === "Tab") {
      closeMenu(false);
    }
  }

  function chooseLanguage(code) {
    closeMenu(false);
    el.input.focus();
    if (!supported(code) || code === state.chosen) {
      return;
    }
    state.chosen = code;
    storage.set(STORAGE_LANGUAGE, code);
    applyLanguage(code);
    greet(); // the bot confirms in the new language
  }

  function wireLanguageMenu() {
    el.toggle.addEventListener("click", () => (menuOpen() ? closeMenu(false) : openMenu("current")));
    el.toggle.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        openMenu(event.key === "ArrowDown" ? "first" : "last");
      }
    });
    el.menu.addEventListener("keydown", moveInMenu);
    for (const option of el.options) {
      option.addEventListener("click", () => chooseLanguage(option.dataset.language));
    }
    document.addEventListener("click", (event) => {
      if (menuOpen() && !el.language.contains(event.target)) {
        closeMenu(false);
      }
    });
    el.language.addEventListener("focusout", (event) => {
      if (menuOpen() && event.relatedTarget && !el.language.contains(event.relatedTarget)) {
        closeMenu(false);
      }
    });
  }

  // ---------------------------------------------------------------- conversation log

  function scrollToEnd() {
    el.log.scrollTop = el.log.scrollHeight;
  }

  /** A visually hidden "You:" / "Assistant:" so screen readers say who is speaking. */
  function speaker(label) {
    const node = document.createElement("span");
    node.className = "visually-hidden";
    node.lang = state.ui;
    node.textContent = `${label}: `;
    return node;
  }

  function bubble(kind, text, language) {
    const item = document.createElement("div");
    item.className = `message message-${kind}`;
    if (language) {
      item.lang = language;
    }
    const body = document.createElement("p");
    body.className = "message-text";
    if (kind === "bot") {
      appendLinked(body, text);
    } else {
      body.textContent = text; // never parsed as HTML
    }
    item.append(body);
    return item;
  }

  /** Text with its https:// addresses (cited sources, office lists) as links; never parsed as HTML. */
  function appendLinked(node, text) {
    const address = /https:\/\/[^\s「」『』（）()<>"]+/g;
    let last = 0;
    for (const match of text.matchAll(address)) {
      const url = match[0].replace(/[.,;:!?。、]+$/, "");
      node.append(document.createTextNode(text.slice(last, match.index)));
      const link = document.createElement("a");
      link.href = url;
      link.textContent = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.append(link);
      last = match.index + url.length;
    }
    node.append(document.createTextNode(text.slice(last)));
  }

  function appendUser(text) {
    const item = bubble("user", text, null);
    item.prepend(speaker(t("you") || "You"));
    el.log.append(item);
    scrollToEnd();
    return item;
  }

  function appendBot(message, language) {
    const item = bubble("bot", String(message.text ?? ""), language);
    item.prepend(speaker(t("assistant") || "Assistant"));
    const buttons = (Array.isArray(message.buttons) ? message.buttons : []).filter(
      (button) => button && typeof button.title === "string" && typeof button.payload === "string" && button.title,
    );
    if (buttons.length) {
      const group = document.createElement("div");
      group.className = "quick-replies";
      for (const spec of buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "quick-reply";
        button.textContent = spec.title;
        button.addEventListener("click", () => chooseQuickReply(group, button, spec));
        group.append(button);
      }
      item.append(group);
    }
    el.log.append(item);
  }

  function appendError(text, language) {
    const item = bubble("error", text, language || state.ui);
    el.log.append(item);
    scrollToEnd();
  }

  function markNotSent(item) {
    item.classList.add("is-failed");
    const status = document.createElement("p");
    status.className = "message-status";
    status.lang = state.ui;
    status.textContent = t("notSent");
    item.append(status);
  }

  function telHref(phone) {
    const digits = phone.replace(/[^\d+]/g, "");
    return digits ? `tel:${digits}` : "";
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** The hand-off card: phone (tel: link), hours, open/closed, the reference code, interpreter note. */
  function appendHandoff(handoff) {
    state.cardCount += 1;
    const headingId = `handoff-title-${state.cardCount}`;
    const card = element("section", "handoff");
    card.lang = state.ui;
    card.setAttribute("aria-labelledby", headingId);

    const head = element("div", "handoff-head");
    const heading = element("h3", "handoff-title", t("handoffTitle"));
    heading.id = headingId;
    const open = handoff.open_now === true;
    const badge = element("span", `badge ${open ? "badge-open" : "badge-closed"}`, t(open ? "handoffOpen" : "handoffClosed"));
    head.append(heading, badge);

    const details = element("dl", "handoff-details");
    const phone = String(handoff.phone || "");
    const phoneValue = element("dd", "handoff-phone");
    const href = telHref(phone);
    if (href) {
      const link = element("a", "handoff-phone-link", phone);
      link.href = href;
      phoneValue.append(link);
    } else {
      phoneValue.textContent = phone;
    }
    details.append(element("dt", "", t("handoffPhoneLabel")), phoneValue);
    details.append(element("dt", "", t("handoffHoursLabel")), element("dd", "handoff-hours", String(handoff.hours || "")));

    const reference = element("div", "handoff-reference");
    reference.append(
      element("p", "handoff-reference-label", t("handoffReferenceLabel")),
      element("p", "handoff-reference-code", String(handoff.reference || "")),
      element("p", "handoff-reference-hint", t("handoffReferenceHint")),
    );

    card.append(head, details, reference);
    if (handoff.interpreter === true) {
      card.append(element("p", "handoff-interpreter", t("handoffInterpreter")));
    }
    el.log.append(card);
  }

  function renderReply(reply) {
    const language = supported(reply.language);
    if (language && !state.chosen && language !== state.ui) {
      applyLanguage(language); // no explicit choice: the interface follows the language the bot answers in
    }
    for (const message of reply.messages) {
      if (message && typeof message === "object") {
        appendBot(message, language);
      }
    }
    if (reply.handoff && typeof reply.handoff === "object") {
      appendHandoff(reply.handoff);
    }
    scrollToEnd();
  }

  // ---------------------------------------------------------------- talking to the API

  function isBlocked() {
    return state.blockedUntil > Date.now();
  }

  function canSend() {
    return !state.busy && !isBlocked();
  }

  function secondsToWait() {
    return Math.max(1, Math.ceil((state.blockedUntil - Date.now()) / 1000));
  }

  function retryAfterSeconds(response) {
    const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    if (!Number.isFinite(seconds) || seconds < 1) {
      return DEFAULT_RETRY_SECONDS;
    }
    return Math.min(seconds, MAX_RETRY_SECONDS);
  }

  /** What to show for a refused turn: the server's own message where it has one, else ours. */
  function failure(status, body, retryAfter) {
    const message = body && typeof body.message === "string" ? body.message.trim() : "";
    // 429 and 503 (and a 413 from the chat route) come localised from the server, with the phone number;
    // a 413 from the size limit in front of it has neither.
    if (message && (status === 429 || status === 503 || (status === 413 && body.phone))) {
      return { failure: message, language: supported(body.language) || state.ui, retryAfter };
    }
    const key = status === 413 ? "tooLong" : status === 422 ? "invalidMessage" : "serverError";
    return { failure: t(key) || FALLBACK_ERROR, language: state.ui, retryAfter };
  }

  /** One POST to api/chat: `{reply}` on success, else `{failure, language, retryAfter}`. */
  async function postChat(message) {
    const body = { session_id: state.session, message };
    if (state.chosen) {
      body.language = state.chosen;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch("api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
        signal: controller.signal,
      });
      const payload = await response.json().catch(() => null);
      if (response.ok && payload && Array.isArray(payload.messages)) {
        return { reply: payload };
      }
      return failure(response.status, payload, response.status === 429 ? retryAfterSeconds(response) : 0);
    } catch {
      return { failure: t("networkError") || FALLBACK_ERROR, language: state.ui, retryAfter: 0 };
    } finally {
      window.clearTimeout(timer);
    }
  }

  /**
   * Send `message`; show `display` as the resident's bubble (nothing for /greet).
   * Resolves to true when the bot answered, false when the turn failed or could not start.
   */
  async function send(message, display) {
    if (!canSend()) {
      return false;
    }
    state.busy = true;
    refreshControls();
    const item = display ? appendUser(display) : null;
    let result;
    try {
      result = await postChat(message);
    } finally {
      state.busy = false;
    }
    if (result.reply) {
      renderReply(result.reply);
    } else {
      if (item) {
        markNotSent(item);
      }
      appendError(result.failure, result.language);
      if (result.retryAfter) {
        blockFor(result.retryAfter);
      }
    }
    refreshControls();
    if (state.greetPending) {
      state.greetPending = false;
      greet();
    }
    return Boolean(result.reply);
  }

  function greet() {
    if (state.busy) {
      state.greetPending = true; // e.g. the language changed while an answer was on its way
      return;
    }
    send("/greet", null);
  }

  function blockFor(seconds) {
    state.blockedUntil = Date.now() + seconds * 1000;
    window.clearInterval(state.blockTimer);
    state.blockTimer = window.setInterval(() => {
      if (!isBlocked()) {
        window.clearInterval(state.blockTimer);
        state.blockedUntil = 0;
      }
      refreshControls();
    }, 250);
  }

  /** Send button, hand-off button, typing indicator and the status line follow the state. */
  function refreshControls() {
    const unavailable = String(!canSend());
    el.send.setAttribute("aria-disabled", unavailable);
    el.human.setAttribute("aria-disabled", unavailable);
    el.typing.hidden = !state.busy;
    const left = MAX_LENGTH - el.input.value.length;
    let status = "";
    if (isBlocked()) {
      status = t("waitToSend", { seconds: secondsToWait() });
    } else if (left <= COUNTER_FROM) {
      status = t("charactersLeft", { count: left });
    }
    if (el.status.textContent !== status) {
      el.status.textContent = status;
    }
  }

  // ---------------------------------------------------------------- resident actions

  async function submitTyped() {
    const typed = el.input.value;
    const text = typed.trim();
    if (!text || !canSend()) {
      el.input.focus();
      return;
    }
    el.input.value = "";
    refreshControls();
    const answered = await send(text, text);
    if (!answered) {
      // Nothing typed is lost: put the text back (before anything typed meanwhile).
      el.input.value = el.input.value ? `${typed}\n${el.input.value}` : typed;
      refreshControls();
    }
  }

  async function chooseQuickReply(group, button, spec) {
    if (!canSend()) {
      return;
    }
    const buttons = [...group.querySelectorAll("button")];
    for (const other of buttons) {
      other.disabled = true;
    }
    button.classList.add("is-chosen");
    el.input.focus({ preventScroll: true }); // the clicked button is disabled now: keep focus somewhere useful
    const answered = await send(spec.payload, spec.title);
    if (!answered) {
      button.classList.remove("is-chosen");
      for (const other of buttons) {
        other.disabled = false; // let the resident try again
      }
    }
  }

  function wireComposer() {
    el.form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitTyped();
    });
    el.input.addEventListener("keydown", (event) => {
      // Enter sends; Shift+Enter is a new line; Enter that confirms an IME conversion (Japanese input) is ignored.
      if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
        return;
      }
      event.preventDefault();
      submitTyped();
    });
    el.input.addEventListener("input", refreshControls);
    el.skipLink.addEventListener("click", (event) => {
      event.preventDefault(); // focus the input itself: following the #message link alone only scrolls
      el.input.focus();
    });
    el.human.addEventListener("click", () => {
      if (canSend()) {
        send("/request_human", el.humanLabel.textContent.trim());
      }
    });
  }

  // ---------------------------------------------------------------- embedding (iframe opened by embed.js)

  /** Tell the embedding page (embed.js) about the language or a close request; the data is never personal. */
  function tellParent(type, data) {
    if (embedded && framed) {
      window.parent.postMessage({ ...data, type: MESSAGE_PREFIX + type }, "*");
    }
  }

  window.addEventListener("message", (event) => {
    if (!embedded || event.source !== window.parent || !event.data) {
      return;
    }
    if (event.data.type === `${MESSAGE_PREFIX}opened` && el.input) {
      el.input.focus();
    }
  });

  function wireEscape() {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || event.isComposing || event.defaultPrevented) {
        return;
      }
      if (menuOpen()) {
        closeMenu(true);
      } else {
        tellParent("close", {}); // in the widget's panel, Escape closes the panel
      }
    });
  }

  // ---------------------------------------------------------------- start

  async function start() {
    const byId = (id) => document.getElementById(id);
    Object.assign(el, {
      log: byId("log"),
      typing: byId("typing"),
      form: byId("composer"),
      input: byId("message"),
      send: byId("send"),
      status: byId("message-status"),
      human: byId("human"),
      language: byId("language"),
      toggle: byId("language-toggle"),
      menu: byId("language-menu"),
      currentLanguage: byId("language-current"),
      skipLink: document.querySelector(".skip-link"),
    });
    el.options = el.menu.querySelectorAll("[data-language]");
    state.languages = [...el.options].map((option) => option.dataset.language);
    el.humanLabel = el.human.querySelector("[data-i18n]") || el.human;
    el.input.maxLength = MAX_LENGTH;

    state.session = loadSessionId();
    state.chosen = supported(storage.get(STORAGE_LANGUAGE)) || supported(params.get("lang"));
    wireLanguageMenu();
    wireComposer();
    wireEscape();
    await loadTexts();
    applyLanguage(state.chosen || DEFAULT_LANGUAGE);
    greet();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
