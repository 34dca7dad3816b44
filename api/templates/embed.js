/*
 * nenkin-assistant widget for any website. Add one tag (HOST is where nenkin-assistant runs):
 *
 *   <script src="https://HOST/static/embed.js" defer></script>
 *
 * It adds a floating launcher button; the button opens the chat page (HOST/?embed=1) in an iframe panel
 * with a close button. Optional attributes on the tag: data-lang="en" (the language to start in; default:
 * the page's <html lang>, if it is one of ours) and data-position="left".
 *
 * Nothing leaks into the host page: the launcher and the panel live in a shadow root styled by a
 * constructed stylesheet (no <style> element in the page, no style attributes), so a strict host CSP needs
 * only `script-src HOST` and `frame-src HOST`. The host's origin must be listed in NENKIN_CORS_ORIGINS,
 * which is also the chat page's `frame-ancestors`.
 *
 * This file is a template (api/templates/embed.js, served by api/routes/widget.py): only the labels are
 * filled in, as JSON.
 */
(function () {
  "use strict";

  if (window.nenkinAssistantEmbed) {
    return; // included twice: one launcher is enough
  }
  window.nenkinAssistantEmbed = {}; // claimed at once; becomes {open, close} once mounted

  const script = document.currentScript || document.querySelector('script[src*="/static/embed.js"]');
  if (!script || !script.src) {
    return;
  }
  const chatBase = new URL("../", new URL(script.src, document.baseURI)); // HOST/ (and any path prefix)
  const chatOrigin = chatBase.origin;
  const MESSAGE_PREFIX = "nenkin-assistant:";

  // The launcher's and panel's own labels in every language we serve, written in by the server from
  // messages.yml (ui_launcher_label, ui_panel_title, ui_close_label) so the launcher needs no request
  // before the resident opens it.
  const LABELS = /* ui-text:begin */ {{ labels | tojson }} /* ui-text:end */;
  const DEFAULT_LANGUAGE = {{ default | tojson }};

  const ALIASES = {{ aliases | tojson }}; // other tags for our languages (Filipino for Tagalog …)

  /** One of our language codes for a BCP 47 tag ("en-US" -> "en", an alias -> its code), else null. */
  function ourLanguage(tag) {
    const base = String(tag || "").trim().toLowerCase().split(/[-_]/)[0];
    const code = ALIASES[base] || base;
    return Object.prototype.hasOwnProperty.call(LABELS, code) ? code : null;
  }

  const requestedLanguage = ourLanguage(script.dataset.lang) || ourLanguage(document.documentElement.lang);
  const onLeft = script.dataset.position === "left";

  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    .launcher, .panel {
      position: fixed; z-index: 2147483000; right: 20px;
      font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", "Noto Sans", Meiryo, sans-serif;
    }
    :host([data-position="left"]) .launcher, :host([data-position="left"]) .panel { right: auto; left: 20px; }
    .launcher {
      bottom: 20px; display: inline-flex; align-items: center; gap: 8px; max-width: calc(100vw - 40px);
      min-height: 48px; padding: 10px 18px; margin: 0; border: 2px solid #ffffff; border-radius: 999px;
      background: #1a4d8f; color: #ffffff; font-size: 16px; font-weight: 700; line-height: 1.25;
      box-shadow: 0 4px 16px rgba(15, 23, 42, 0.3); cursor: pointer; text-align: start;
    }
    .launcher:hover { background: #123a6d; }
    .launcher:focus-visible { outline: 3px solid #b3470b; outline-offset: 3px; }
    .launcher svg { flex: none; width: 24px; height: 24px; }
    .panel {
      bottom: 88px; display: flex; flex-direction: column; overflow: hidden;
      width: min(400px, calc(100vw - 40px)); height: min(640px, calc(100vh - 120px));
      background: #ffffff; color: #1f2328; border: 1px solid #c9d1dc; border-radius: 12px;
      box-shadow: 0 12px 36px rgba(15, 23, 42, 0.32);
    }
    .bar {
      display: flex; flex: none; align-items: center; justify-content: space-between; gap: 8px;
      padding: 6px 6px 6px 16px; background: #1a4d8f; color: #ffffff;
    }
    .title { margin: 0; font-size: 16px; font-weight: 700; line-height: 1.3; overflow-wrap: anywhere; }
    .close {
      display: inline-flex; flex: none; align-items: center; justify-content: center; width: 44px; height: 44px;
      margin: 0; padding: 0; border: 0; border-radius: 8px; background: transparent; color: #ffffff; cursor: pointer;
    }
    .close:hover { background: rgba(255, 255, 255, 0.16); }
    .close:focus-visible { outline: 3px solid #ffffff; outline-offset: -4px; }
    .close svg { width: 22px; height: 22px; }
    iframe { display: block; flex: 1 1 auto; width: 100%; min-height: 0; border: 0; background: #ffffff; }
    @media (max-width: 480px) {
      .panel, :host([data-position="left"]) .panel {
        inset: 0; width: 100%; height: 100vh; height: 100dvh; border: 0; border-radius: 0;
      }
    }
    @media (prefers-reduced-motion: no-preference) {
      .panel { animation: nenkin-rise 160ms ease-out; }
      @keyframes nenkin-rise { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }
    }
    @media (forced-colors: active) {
      .launcher, .panel, .close { border: 2px solid CanvasText; }
    }
  `;

  function adoptStyles(root) {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
      return;
    }
    const style = document.createElement("style"); // older browsers only
    style.textContent = CSS;
    root.append(style);
  }

  function svgIcon(paths) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    for (const d of paths) {
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "currentColor");
      svg.append(path);
    }
    return svg;
  }

  function mount() {
    let language = requestedLanguage || DEFAULT_LANGUAGE;
    let frame = null;

    // An element name of our own, so the host page's CSS (div rules, class rules) cannot reach it.
    const host = document.createElement("nenkin-assistant-widget");
    if (onLeft) {
      host.dataset.position = "left";
    }
    const root = host.attachShadow({ mode: "open" });
    adoptStyles(root);

    const launcher = document.createElement("button");
    launcher.type = "button";
    launcher.className = "launcher";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "nenkin-panel");
    const launcherText = document.createElement("span");
    launcher.append(
      svgIcon(["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z"]),
      launcherText,
    );

    const panel = document.createElement("div");
    panel.className = "panel";
    panel.id = "nenkin-panel";
    panel.hidden = true;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "nenkin-title");
    const bar = document.createElement("div");
    bar.className = "bar";
    const title = document.createElement("p");
    title.className = "title";
    title.id = "nenkin-title";
    const closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.className = "close";
    closeButton.append(
      svgIcon(["M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"]),
    );
    bar.append(title, closeButton);
    panel.append(bar);
    root.append(launcher, panel);

    function label(code) {
      language = ourLanguage(code) || language;
      const labels = LABELS[language];
      launcher.lang = language;
      panel.lang = language;
      launcherText.textContent = labels.launcherLabel;
      title.textContent = labels.panelTitle;
      closeButton.setAttribute("aria-label", labels.closeLabel);
      closeButton.title = labels.closeLabel;
      if (frame) {
        frame.title = labels.panelTitle;
      }
    }

    function chatUrl() {
      const url = new URL(chatBase.href);
      url.searchParams.set("embed", "1");
      if (requestedLanguage) {
        url.searchParams.set("lang", requestedLanguage);
      }
      return url.href;
    }

    function focusChat() {
      frame.focus();
      frame.contentWindow.postMessage({ type: `${MESSAGE_PREFIX}opened` }, chatOrigin);
    }

    function open() {
      if (!frame) {
        // Created on first open: nothing is loaded from HOST until the resident asks for the chat.
        frame = document.createElement("iframe");
        frame.src = chatUrl();
        frame.title = LABELS[language].panelTitle;
        frame.referrerPolicy = "no-referrer";
        frame.addEventListener("load", () => {
          frame.dataset.loaded = "true";
          if (!panel.hidden) {
            focusChat();
          }
        });
        panel.append(frame);
      }
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      if (frame.dataset.loaded) {
        focusChat();
      }
    }

    function close() {
      if (panel.hidden) {
        return;
      }
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
    closeButton.addEventListener("click", close);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    window.addEventListener("message", (event) => {
      // Only our own chat page, in our own iframe, may close the panel or relabel it.
      if (!frame || event.source !== frame.contentWindow || event.origin !== chatOrigin) {
        return;
      }
      const data = event.data;
      if (!data || typeof data.type !== "string") {
        return;
      }
      if (data.type === `${MESSAGE_PREFIX}close`) {
        close();
      } else if (data.type === `${MESSAGE_PREFIX}language`) {
        label(data.language);
      }
    });

    label(language);
    document.body.append(host);
    window.nenkinAssistantEmbed = { open, close };
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount, { once: true });
  }
})();
