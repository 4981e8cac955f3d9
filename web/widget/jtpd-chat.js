/*!
 * Jeffersontown Police 911 Assistant: website chat widget.
 *
 * Embed with ONE script tag (see docs/widget.md):
 *   <script src="https://HOST/widget/jtpd-chat.js"
 *           data-server-url="https://ASSISTANT-HOST"
 *           data-title="Jeffersontown Police 911 Assistant"
 *           data-color="#0b3d91"></script>
 *
 * - No dependencies, no CDN: the stylesheet jtpd-chat.css is loaded from the
 *   same folder as this script.
 * - Transport: Rasa's REST channel (POST {server}/webhooks/rest/webhook).
 * - Everything the assistant or the user writes is put on the page with
 *   textContent / createElement, never as HTML.
 * - The UI lives in an open shadow root, so the host site's CSS cannot
 *   break it and its CSS cannot leak into the site.
 */
(function () {
  "use strict";

  if (window.JTPDChat && window.JTPDChat.__loaded) {
    return; // embedded twice: keep the first one
  }

  // ----------------------------------------------------------------- words
  // Every word the widget shows on its own lives in domain.yml with the assistant's
  // answers; this block is generated from it (web/widget_text.py).
  // BEGIN GENERATED TEXT: python -m web.widget_text, from domain.yml and
  // assistant/phone_text.py. Do not edit here: edit those and run it again.
  var TEXTS = {
    "en": {
      "title": "Jeffersontown Police 911 Assistant",
      "launcher": "Chat with us",
      "emergency": "Emergency? Call 911",
      "notice": "This chat is automated and is not monitored by dispatchers.",
      "retry": "Try again",
      "typing": "The assistant is typing\u2026",
      "newConversation": "New chat",
      "newConversationLabel": "Start a new conversation",
      "newConversationDone": "Started a new conversation.",
      "close": "Close chat",
      "inputLabel": "Type your message",
      "placeholder": "Type your message\u2026",
      "send": "Send",
      "you": "You said:",
      "bot": "Assistant said:",
      "logLabel": "Conversation with the assistant",
      "quickReplies": "Suggested replies",
      "region": "Chat assistant",
      "helpful": "Was this helpful?",
      "helpfulYes": "Yes",
      "helpfulNo": "No",
      "helpfulThanks": "Thanks for your feedback.",
      "helpfulFailed": "Sorry, your feedback could not be saved.",
      "welcome": "Hi! I'm an automated assistant for the Jeffersontown Police 911 Dispatch. I can tell you:\n- when to call 911, and the non-emergency line, (502) 267-0503\n- what to do if you dial 911 by mistake\n- how to text a dispatcher\n- important phone numbers\nI can't send help. In an emergency, call 911.",
      "welcomeButtons": [
        {
          "title": "When to call 911",
          "payload": "/when_to_call_911"
        },
        {
          "title": "Dialed 911 in error",
          "payload": "/dialed_911_by_mistake"
        },
        {
          "title": "How do I text you?",
          "payload": "/how_to_text"
        },
        {
          "title": "Phone numbers",
          "payload": "/list_category"
        }
      ],
      "offline": "Sorry, the assistant can't be reached right now. If this is an emergency, call 911."
    },
    "es": {
      "title": "Asistente 911 de la Polic\u00eda de Jeffersontown",
      "launcher": "Escr\u00edbanos",
      "emergency": "\u00bfEmergencia? Llame al 911",
      "notice": "Este chat es autom\u00e1tico. Ning\u00fan despachador lo lee.",
      "retry": "Intentar de nuevo",
      "typing": "El asistente est\u00e1 escribiendo\u2026",
      "newConversation": "Nuevo chat",
      "newConversationLabel": "Empezar una conversaci\u00f3n nueva",
      "newConversationDone": "Empez\u00f3 una conversaci\u00f3n nueva.",
      "close": "Cerrar el chat",
      "inputLabel": "Escriba su mensaje",
      "placeholder": "Escriba su mensaje\u2026",
      "send": "Enviar",
      "you": "Usted dijo:",
      "bot": "El asistente dijo:",
      "logLabel": "Conversaci\u00f3n con el asistente",
      "quickReplies": "Respuestas sugeridas",
      "region": "Asistente de chat",
      "helpful": "\u00bfLe sirvi\u00f3 esta respuesta?",
      "helpfulYes": "S\u00ed",
      "helpfulNo": "No",
      "helpfulThanks": "Gracias por su opini\u00f3n.",
      "helpfulFailed": "Lo siento, no se pudo guardar su opini\u00f3n.",
      "welcome": "\u00a1Hola! Soy un asistente autom\u00e1tico del centro de despacho 911 de la Polic\u00eda de Jeffersontown (Jeffersontown Police 911 Dispatch). Puedo decirle:\n- cu\u00e1ndo llamar al 911, y la l\u00ednea que no es de emergencia, (502) 267-0503\n- qu\u00e9 hacer si llama al 911 por error\n- c\u00f3mo enviar un mensaje de texto a un despachador\n- n\u00fameros de tel\u00e9fono importantes\nNo puedo enviar ayuda. En una emergencia, llame al 911.",
      "welcomeButtons": [
        {
          "title": "Cu\u00e1ndo llamar al 911",
          "payload": "/when_to_call_911"
        },
        {
          "title": "Llam\u00e9 al 911 por error",
          "payload": "/dialed_911_by_mistake"
        },
        {
          "title": "\u00bfC\u00f3mo env\u00edo un texto?",
          "payload": "/how_to_text"
        },
        {
          "title": "N\u00fameros de tel\u00e9fono",
          "payload": "/list_category"
        }
      ],
      "offline": "Lo siento, no es posible comunicarse con el asistente en este momento. Si es una emergencia, llame al 911."
    }
  };
  var EMERGENCY_NUMBER = "911";
  var SHORT_CODES = ["911", "988", "211", "311", "511"];
  // END GENERATED TEXT

  // The widget speaks the conversation's language: that of the assistant's latest
  // reply (the REST channel marks each reply "jtpd_lang": "en" or "es", the domain
  // variation Rasa chose from the conversation's language slot). English until then.
  var DEFAULT_LANG = "en";
  var uiLang = DEFAULT_LANG;
  var TEXT = TEXTS[DEFAULT_LANG];

  function knownLang(lang) {
    return Object.prototype.hasOwnProperty.call(TEXTS, lang) ? lang : DEFAULT_LANG;
  }

  // ---------------------------------------------------------------- config
  var script =
    document.currentScript ||
    document.querySelector('script[src*="jtpd-chat.js"]');
  var ds = (script && script.dataset) || {};

  function trimSlash(url) {
    return String(url || "").replace(/\/+$/, "");
  }

  function safeColor(value, fallback) {
    var v = String(value || "").trim();
    return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(v) ? v : fallback;
  }

  var config = {
    serverUrl: trimSlash(ds.serverUrl || "http://localhost:5005"),
    title: ds.title || "", // empty: the widget's own title, in the conversation's language
    color: safeColor(ds.color, "#0b3d91"),
    storage: ds.storage === "session" ? "session" : "local",
    expireMinutes: Math.max(0, parseInt(ds.expireMinutes || "60", 10) || 0),
    timeoutMs: Math.max(1000, parseInt(ds.timeoutMs || "20000", 10) || 20000),
    cssUrl: ds.cssUrl || (script && script.src ? new URL("jtpd-chat.css", script.src).href : "jtpd-chat.css"),
  };
  var ENDPOINT = config.serverUrl + "/webhooks/rest/webhook";
  var FEEDBACK_ENDPOINT = config.serverUrl + "/webhooks/rest/feedback";
  var STORE_KEY = "jtpd-chat:v1";
  var UI_KEY = "jtpd-chat:ui:v1";
  var MAX_STORED = 200;

  // --------------------------------------------------------------- storage
  function pickStorage() {
    try {
      var s = config.storage === "session" ? window.sessionStorage : window.localStorage;
      var probe = STORE_KEY + ":probe";
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (e) {
      return null; // private mode / disabled: the conversation lives in memory
    }
  }
  var storage = pickStorage();
  var uiStorage = (function () {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  })();

  function newSessionId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += ("0" + bytes[i].toString(16)).slice(-2);
    }
    return "web-" + hex;
  }

  function freshState() {
    return { sessionId: newSessionId(), messages: [], updated: Date.now() };
  }

  function loadState() {
    if (!storage) return freshState();
    try {
      var raw = storage.getItem(STORE_KEY);
      if (!raw) return freshState();
      var st = JSON.parse(raw);
      if (!st || typeof st.sessionId !== "string" || !Array.isArray(st.messages)) {
        return freshState();
      }
      if (config.expireMinutes && Date.now() - (st.updated || 0) > config.expireMinutes * 60000) {
        return freshState(); // an old conversation is not shown to the next person
      }
      st.messages = st.messages.filter(function (m) {
        return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
      });
      return st;
    } catch (e) {
      return freshState();
    }
  }

  function saveState() {
    state.updated = Date.now();
    if (state.messages.length > MAX_STORED) {
      state.messages = state.messages.slice(-MAX_STORED);
    }
    if (!storage) return;
    try {
      storage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* quota: keep going in memory */
    }
  }

  function loadUi() {
    try {
      return JSON.parse((uiStorage && uiStorage.getItem(UI_KEY)) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function saveUi(ui) {
    try {
      if (uiStorage) uiStorage.setItem(UI_KEY, JSON.stringify(ui));
    } catch (e) {
      /* ignore */
    }
  }

  var state = loadState();

  // ------------------------------------------------------------ DOM helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") node.textContent = v;
        else if (k === "className") node.className = v;
        else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // Phone numbers: full ones, as the assistant writes them or with dashes, and the
  // short codes of assistant/phone_text.py (SHORT_CODES, generated above).
  var LONG_PHONE = /(?:\b1[\s.-]?)?(?:\(\d{3}\)|\b\d{3})[\s.-]?\d{3}[\s.-]\d{4}\b/g;
  var SHORT_CODE = new RegExp("\\b(" + SHORT_CODES.join("|") + ")\\b", "g");
  var URL_RE = /\bhttps?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

  function telHref(match) {
    var digits = match.replace(/\D/g, "");
    if (digits.length === 3) return "tel:" + digits;
    if (digits.length === 10) return "tel:+1" + digits;
    if (digits.length === 11 && digits.charAt(0) === "1") return "tel:+" + digits;
    return null;
  }

  // Split text into [{type:"text"|"tel"|"url", value, href}] with the given
  // regexps applied in order (earlier ones win). `seen` (per message) lets a
  // rule link only the first occurrence of a value.
  function tokenize(text, rules, seen) {
    var parts = [{ type: "text", value: text }];
    rules.forEach(function (rule) {
      var next = [];
      parts.forEach(function (p) {
        if (p.type !== "text") {
          next.push(p);
          return;
        }
        var s = p.value;
        var last = 0;
        var m;
        rule.re.lastIndex = 0;
        while ((m = rule.re.exec(s)) !== null) {
          var href = rule.href(m[0]);
          if (!href) continue;
          if (rule.once) {
            if (seen[href]) continue;
            seen[href] = true;
          }
          if (m.index > last) next.push({ type: "text", value: s.slice(last, m.index) });
          next.push({ type: rule.type, value: m[0], href: href });
          last = m.index + m[0].length;
        }
        if (last < s.length) next.push({ type: "text", value: s.slice(last) });
      });
      parts = next;
    });
    return parts;
  }

  var LINK_RULES = [
    {
      re: URL_RE,
      type: "url",
      href: function (u) {
        try {
          var parsed = new URL(u);
          return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
        } catch (e) {
          return null;
        }
      },
    },
    { re: LONG_PHONE, type: "tel", href: telHref },
    // 911, 988, ...: only their first mention in a message becomes a link,
    // so prose that names 911 several times is not a row of call links.
    { re: SHORT_CODE, type: "tel", href: telHref, once: true },
  ];

  // Appends the inline content of one line (text + links) to `parent`.
  // `seen` is null for plain text (user messages), else a per-message object.
  function appendInline(parent, line, seen) {
    var parts = seen ? tokenize(line, LINK_RULES, seen) : [{ type: "text", value: line }];
    parts.forEach(function (p) {
      if (p.type === "text") {
        parent.appendChild(document.createTextNode(p.value));
      } else if (p.type === "tel") {
        parent.appendChild(el("a", { href: p.href, className: "jtpd-tel", text: p.value }));
      } else {
        parent.appendChild(
          el("a", { href: p.href, target: "_blank", rel: "noopener noreferrer", text: p.value })
        );
      }
    });
  }

  var BULLET = /^\s*[-\u2022*]\s+/;

  // Renders message text: blank lines separate paragraphs, single newlines
  // become <br>, runs of lines starting with "- ", "• " or "* "
  // become a list. Never parses HTML.
  function renderRich(text, linkify) {
    var seen = linkify === false ? null : {};
    var frag = document.createDocumentFragment();
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var para = null;
    var list = null;
    lines.forEach(function (line) {
      if (BULLET.test(line)) {
        para = null;
        if (!list) {
          list = el("ul");
          frag.appendChild(list);
        }
        var li = el("li");
        appendInline(li, line.replace(BULLET, ""), seen);
        list.appendChild(li);
      } else if (/^\s*$/.test(line)) {
        para = null;
        list = null;
      } else {
        list = null;
        if (!para) {
          para = el("p");
          frag.appendChild(para);
        } else {
          para.appendChild(el("br"));
        }
        appendInline(para, line, seen);
      }
    });
    return frag;
  }

  // ------------------------------------------------------------- the UI
  var host = el("div", { id: "jtpd-chat", lang: "en" });
  host.hidden = true; // shown once the stylesheet has loaded
  var root = host.attachShadow({ mode: "open" });
  var css = el("link", { rel: "stylesheet", href: config.cssUrl });
  css.addEventListener("load", function () {
    host.hidden = false;
  });
  css.addEventListener("error", function () {
    host.hidden = false;
  });
  root.appendChild(css);

  // A labelled landmark, so the widget is not loose content on the page.
  var wrap = el("aside", { className: "jtpd-root", "aria-label": TEXT.region });
  wrap.style.setProperty("--jtpd-color", config.color);
  wrap.style.setProperty("--jtpd-on-color", onColor(config.color));
  root.appendChild(wrap);

  var launcher = el("button", {
    type: "button",
    className: "jtpd-launcher",
    id: "jtpd-launcher",
    "aria-expanded": "false",
    "aria-controls": "jtpd-panel",
  });
  launcher.appendChild(chatIcon());
  var launcherText = el("span", { text: TEXT.launcher });
  launcher.appendChild(launcherText);

  var titleEl = el("h2", { id: "jtpd-title", className: "jtpd-title", text: config.title || TEXT.title });
  var newBtn = el("button", {
    type: "button",
    className: "jtpd-hbtn jtpd-new",
    id: "jtpd-new",
    title: TEXT.newConversationLabel,
    text: TEXT.newConversation,
  });
  var closeBtn = el("button", {
    type: "button",
    className: "jtpd-hbtn jtpd-close",
    id: "jtpd-close",
    "aria-label": TEXT.close,
    title: TEXT.close,
  });
  closeBtn.appendChild(closeIcon());

  var header = el("div", { className: "jtpd-header" }, [
    titleEl,
    el("div", { className: "jtpd-hbtns" }, [newBtn, closeBtn]),
  ]);

  var emergencyLink = el("a", { href: "tel:" + EMERGENCY_NUMBER, className: "jtpd-911", id: "jtpd-911" }, [
    phoneIcon(),
    el("span", { id: "jtpd-911-text", text: TEXT.emergency }),
  ]);
  var banner = el("div", { className: "jtpd-banner", id: "jtpd-banner" }, [
    emergencyLink,
    el("p", { className: "jtpd-notice", id: "jtpd-notice", text: TEXT.notice }),
  ]);

  var log = el("div", {
    className: "jtpd-log",
    id: "jtpd-log",
    role: "log",
    "aria-live": "polite",
    "aria-relevant": "additions",
    "aria-label": TEXT.logLabel,
    tabindex: "0",
  });
  var typing = el("div", { className: "jtpd-typing", id: "jtpd-typing", hidden: true }, [
    el("span", { className: "jtpd-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { className: "jtpd-sr", id: "jtpd-typing-text", text: TEXT.typing }),
  ]);
  var status = el("div", { className: "jtpd-sr", role: "status", id: "jtpd-status" });
  var quick = el("div", {
    className: "jtpd-quick",
    id: "jtpd-quick",
    role: "group",
    "aria-label": TEXT.quickReplies,
    hidden: true,
  });
  // "Was this helpful?" under the last answer (never a safety reply): outside the live
  // log, so it is not read out after every answer.
  var feedback = el("div", {
    className: "jtpd-feedback",
    id: "jtpd-feedback",
    role: "group",
    "aria-labelledby": "jtpd-feedback-q",
    hidden: true,
  });
  var scroller = el("div", { className: "jtpd-scroll", id: "jtpd-scroll" }, [log, feedback, typing, quick]);

  var input = el("input", {
    type: "text",
    id: "jtpd-input",
    className: "jtpd-input",
    autocomplete: "off",
    enterkeyhint: "send",
    maxlength: "500",
    placeholder: TEXT.placeholder,
  });
  var inputLabel = el("label", { for: "jtpd-input", className: "jtpd-sr", id: "jtpd-input-label", text: TEXT.inputLabel });
  var sendBtn = el("button", { type: "submit", className: "jtpd-send", id: "jtpd-send", "aria-label": TEXT.send }, [
    sendIcon(),
  ]);
  var form = el("form", { className: "jtpd-form", id: "jtpd-form", novalidate: true }, [inputLabel, input, sendBtn]);

  var panel = el("div", {
    className: "jtpd-panel",
    id: "jtpd-panel",
    role: "dialog",
    "aria-modal": "false",
    "aria-labelledby": "jtpd-title",
    "aria-describedby": "jtpd-notice",
    hidden: true,
  }, [header, banner, scroller, form, status]);

  wrap.appendChild(panel);
  wrap.appendChild(launcher);

  // Puts every label of the widget in `lang` and marks it (WCAG 3.1.2).
  function setLanguage(lang) {
    uiLang = knownLang(lang);
    TEXT = TEXTS[uiLang];
    host.setAttribute("lang", uiLang);
    wrap.setAttribute("lang", uiLang);
    wrap.setAttribute("aria-label", TEXT.region);
    launcherText.textContent = TEXT.launcher;
    titleEl.textContent = config.title || TEXT.title;
    newBtn.title = TEXT.newConversationLabel;
    newBtn.textContent = TEXT.newConversation;
    closeBtn.setAttribute("aria-label", TEXT.close);
    closeBtn.title = TEXT.close;
    root.getElementById("jtpd-911-text").textContent = TEXT.emergency;
    root.getElementById("jtpd-notice").textContent = TEXT.notice;
    log.setAttribute("aria-label", TEXT.logLabel);
    root.getElementById("jtpd-typing-text").textContent = TEXT.typing;
    quick.setAttribute("aria-label", TEXT.quickReplies);
    input.placeholder = TEXT.placeholder;
    inputLabel.textContent = TEXT.inputLabel;
    sendBtn.setAttribute("aria-label", TEXT.send);
  }

  // The language of the latest reply (stored with each message), else English.
  function conversationLang() {
    for (var i = state.messages.length - 1; i >= 0; i--) {
      var m = state.messages[i];
      if (m.from === "bot" && m.lang) return knownLang(m.lang);
    }
    return DEFAULT_LANG;
  }

  // Icons: inline SVG built with createElementNS (decorative).
  function svg(pathD, size) {
    var NS = "http://www.w3.org/2000/svg";
    var s = document.createElementNS(NS, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("width", String(size || 20));
    s.setAttribute("height", String(size || 20));
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    var p = document.createElementNS(NS, "path");
    p.setAttribute("d", pathD);
    p.setAttribute("fill", "currentColor");
    s.appendChild(p);
    return s;
  }
  function chatIcon() {
    return svg("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm2 4v2h12V8H6zm0 4v2h8v-2H6z", 24);
  }
  function closeIcon() {
    return svg("M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z", 22);
  }
  function phoneIcon() {
    return svg("M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z", 20);
  }
  function sendIcon() {
    return svg("M2 21 23 12 2 3v7l15 2-15 2z", 22);
  }

  // Text colour for the brand colour: white or black, whichever has the higher
  // contrast; one of them is always >= 4.58:1 (near-black #111 is not: #777 gets
  // 4.48:1 with white and 4.21:1 with #111).
  function luminance(hex) {
    var h = hex.replace("#", "");
    if (h.length === 3) h = h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
    var rgb = [0, 2, 4].map(function (i) {
      var c = parseInt(h.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }
  function onColor(hex) {
    var L = luminance(hex);
    var white = 1.05 / (L + 0.05);
    var black = (L + 0.05) / 0.05;
    return white >= black ? "#ffffff" : "#000000";
  }

  // ------------------------------------------------------------ rendering
  function messageNode(m) {
    var mine = m.from === "user";
    var lang = knownLang(m.lang || uiLang);
    var words = TEXTS[lang];
    var bubble = el("div", { className: "jtpd-bubble", lang: lang });
    bubble.appendChild(el("span", { className: "jtpd-sr", text: mine ? words.you + " " : words.bot + " " }));
    if (mine) {
      appendInline(bubble, m.text, null); // shown exactly as typed
    } else {
      bubble.appendChild(renderRich(m.text, true));
    }
    return el("div", { className: "jtpd-msg " + (mine ? "jtpd-user" : "jtpd-bot") }, [bubble]);
  }

  function renderQuickReplies(buttons) {
    while (quick.firstChild) quick.removeChild(quick.firstChild);
    var list = (buttons || []).filter(function (b) {
      return b && (b.title || b.payload);
    });
    quick.hidden = list.length === 0;
    list.forEach(function (b) {
      var title = String(b.title || b.payload);
      var payload = String(b.payload || b.title);
      quick.appendChild(
        el("button", {
          type: "button",
          className: "jtpd-qr",
          text: title,
          onclick: function () {
            // the buttons go away once used: keep focus in the chat
            input.focus();
            send(payload, title);
          },
        })
      );
    });
  }

  function currentButtons() {
    if (!state.messages.length) return TEXT.welcomeButtons;
    var last = state.messages[state.messages.length - 1];
    return last.from === "bot" && Array.isArray(last.buttons) ? last.buttons : [];
  }

  function hideFeedback() {
    while (feedback.firstChild) feedback.removeChild(feedback.firstChild);
    feedback.hidden = true;
  }

  function showFeedback() {
    hideFeedback();
    var sessionAtAnswer = state.sessionId;
    var buttons = [];
    function rate(rating) {
      // the buttons are replaced by the thanks: keep the focus in the chat
      if (feedback.contains(shadowActive())) input.focus();
      buttons.forEach(function (b) {
        b.disabled = true;
      });
      postRating(sessionAtAnswer, rating).then(
        function () {
          done(TEXT.helpfulThanks);
        },
        function () {
          done(TEXT.helpfulFailed);
        }
      );
    }
    function done(text) {
      if (state.sessionId !== sessionAtAnswer || feedback.hidden) return;
      hideFeedback();
      feedback.hidden = false;
      feedback.appendChild(el("p", { className: "jtpd-feedback-done", id: "jtpd-feedback-q", text: text }));
      announce(text);
    }
    [["yes", TEXT.helpfulYes], ["no", TEXT.helpfulNo]].forEach(function (pair) {
      buttons.push(
        el("button", {
          type: "button",
          className: "jtpd-fb",
          "data-rating": pair[0],
          text: pair[1],
          onclick: function () {
            rate(pair[0]);
          },
        })
      );
    });
    feedback.appendChild(el("span", { id: "jtpd-feedback-q", text: TEXT.helpful }));
    buttons.forEach(function (b) {
      feedback.appendChild(b);
    });
    feedback.hidden = false;
  }

  function shadowActive() {
    return (root.activeElement || document.activeElement);
  }

  function postRating(sender, rating) {
    return fetch(FEEDBACK_ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, rating: rating }),
      credentials: "omit",
      mode: "cors",
    }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status);
    });
  }

  function renderAll() {
    setLanguage(conversationLang());
    hideFeedback();
    while (log.firstChild) log.removeChild(log.firstChild);
    log.appendChild(messageNode({ from: "bot", text: TEXT.welcome }));
    state.messages.forEach(function (m) {
      log.appendChild(messageNode(m));
    });
    renderQuickReplies(currentButtons());
    scrollToEnd();
  }

  function scrollToEnd() {
    // With only the welcome message, show it from its first line.
    scroller.scrollTop = state.messages.length ? scroller.scrollHeight : 0;
  }

  function announce(text) {
    status.textContent = "";
    // a fresh text node in a later task is announced reliably
    setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // -------------------------------------------------------------- sending
  var queue = Promise.resolve();
  var shownNodes = new WeakMap(); // a message sent -> its node, to mark its language
  var pending = 0;

  function setTyping(on) {
    typing.hidden = !on;
    if (on) scrollToEnd();
  }

  function send(payload, shownText) {
    var text = String(payload || "").trim();
    if (!text) return;
    var shown = shownText ? String(shownText) : text;
    var msg = { from: "user", text: shown, ts: Date.now() };
    state.messages.push(msg);
    saveState();
    var node = messageNode(msg);
    shownNodes.set(msg, node);
    log.appendChild(node);
    hideFeedback(); // only the last answer can be rated
    renderQuickReplies([]);
    scrollToEnd();
    deliver(text, msg);
  }

  function deliver(payload, msg) {
    var sessionAtSend = state.sessionId;
    pending++;
    setTyping(true);
    queue = queue.then(function () {
      return postMessage(sessionAtSend, payload).then(
        function (replies) {
          if (state.sessionId !== sessionAtSend) return; // conversation was reset meanwhile
          receive(replies, msg);
        },
        function () {
          if (state.sessionId !== sessionAtSend) return;
          showFailure(payload, msg);
        }
      ).then(function () {
        if (state.sessionId !== sessionAtSend) return; // reset already cleared the indicator
        pending--;
        if (pending <= 0) {
          pending = 0;
          setTyping(false);
        }
      });
    });
  }

  function postMessage(sender, text) {
    var ctrl = window.AbortController ? new AbortController() : null;
    var timer = ctrl
      ? setTimeout(function () {
          ctrl.abort();
        }, config.timeoutMs)
      : null;
    return fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: sender, message: text }),
      signal: ctrl ? ctrl.signal : undefined,
      credentials: "omit",
      mode: "cors",
    })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (data) {
        if (timer) clearTimeout(timer);
        if (!Array.isArray(data)) throw new Error("unexpected answer");
        return data;
      })
      .catch(function (err) {
        if (timer) clearTimeout(timer);
        throw err;
      });
  }

  function receive(replies, asked) {
    var added = [];
    var safety = false;
    replies.forEach(function (r) {
      if (!r || typeof r !== "object") return;
      if (r.jtpd_safety === true) safety = true;
      var text = typeof r.text === "string" ? r.text : "";
      var buttons = Array.isArray(r.buttons)
        ? r.buttons
            .filter(function (b) {
              return b && typeof b === "object";
            })
            .map(function (b) {
              return { title: String(b.title || b.payload || ""), payload: String(b.payload || b.title || "") };
            })
        : [];
      if (!text && r.custom && typeof r.custom.text === "string") text = r.custom.text;
      if (!text && !buttons.length) return;
      var m = { from: "bot", text: text, ts: Date.now(), lang: knownLang(r.jtpd_lang) };
      if (buttons.length) m.buttons = buttons;
      added.push(m);
    });
    if (added.length && asked && !asked.lang) {
      // what the resident wrote is in the language it was answered in
      asked.lang = added[0].lang;
      var shown = shownNodes.get(asked);
      if (shown) shown.querySelector(".jtpd-bubble").setAttribute("lang", asked.lang);
    }
    added.forEach(function (m) {
      state.messages.push(m);
      log.appendChild(messageNode(m));
    });
    saveState();
    if (added.length && added[added.length - 1].lang !== uiLang) setLanguage(added[added.length - 1].lang);
    if (added.length && !safety && pending <= 1) showFeedback();
    renderQuickReplies(currentButtons());
    scrollToEnd();
  }

  function showFailure(payload, msg) {
    var retry = el("button", { type: "button", className: "jtpd-retry", text: TEXT.retry });
    var offline = el("p");
    appendInline(offline, TEXT.offline, {}); // "911" becomes a tel: link
    var box = el("div", { className: "jtpd-msg jtpd-bot jtpd-error", role: "alert" }, [
      el("div", { className: "jtpd-bubble" }, [offline, el("p", {}, [retry])]),
    ]);
    retry.addEventListener("click", function () {
      box.parentNode && box.parentNode.removeChild(box);
      input.focus();
      deliver(payload, msg);
    });
    log.appendChild(box);
    scrollToEnd();
  }

  // -------------------------------------------------------- open / close
  var ui = loadUi();

  function isOpen() {
    return !panel.hidden;
  }

  function open(focusInput) {
    if (isOpen()) return;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    wrap.classList.add("jtpd-is-open");
    saveUi({ open: true });
    scrollToEnd();
    if (focusInput !== false) input.focus();
  }

  function close() {
    if (!isOpen()) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    wrap.classList.remove("jtpd-is-open");
    saveUi({ open: false });
    launcher.focus();
  }

  function newConversation() {
    state = freshState();
    saveState();
    pending = 0;
    setTyping(false);
    renderAll();
    input.value = "";
    input.focus();
    announce(TEXT.newConversationDone);
  }

  launcher.addEventListener("click", function () {
    open(true);
  });
  closeBtn.addEventListener("click", close);
  newBtn.addEventListener("click", newConversation);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = "";
    send(text);
    input.focus();
  });

  function fullScreen() {
    return window.matchMedia && window.matchMedia("(max-width: 480px)").matches;
  }

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button, input, [tabindex='0']"),
      function (n) {
        return !n.disabled && !n.closest("[hidden]") && n.getClientRects().length > 0;
      }
    );
  }

  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    // When the panel covers the whole screen (phones), keep Tab inside it.
    if (e.key === "Tab" && fullScreen()) {
      var f = focusables();
      if (!f.length) return;
      var first = f[0];
      var last = f[f.length - 1];
      var active = root.activeElement;
      if (e.shiftKey && active === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    }
  });

  // Another tab of the same site changed the conversation: follow it.
  window.addEventListener("storage", function (e) {
    if (e.key !== STORE_KEY || !storage) return;
    state = loadState();
    renderAll();
  });

  // ---------------------------------------------------------------- start
  function mount() {
    document.body.appendChild(host);
    renderAll();
    if (ui.open) open(false); // keep the panel open across pages, without stealing focus
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  window.JTPDChat = {
    __loaded: true,
    open: function () {
      open(true);
    },
    close: close,
    newConversation: newConversation,
    sessionId: function () {
      return state.sessionId;
    },
    config: config,
    // exposed for tests: the renderer used for bot messages
    _renderRich: renderRich,
  };
})();
