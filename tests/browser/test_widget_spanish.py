"""The chat widget in Spanish (issue 13): a Spanish conversation gets the widget's own
words in Spanish (the banner, the notice, the placeholder, the buttons, the errors),
every Spanish message and the UI are marked lang="es" (WCAG 3.1.2), axe-core finds no
violation, and the widget follows the resident back to English."""

from __future__ import annotations

import pytest

from assistant.language import language_of

pytestmark = pytest.mark.browser

HOST_LANG = "() => document.getElementById('jtpd-chat').getAttribute('lang')"


def _lang(locator) -> str:
    return locator.locator(".jtpd-bubble").get_attribute("lang")


def _ui(chat) -> dict:
    return {
        "host": chat.page.evaluate(HOST_LANG),
        "banner": chat.loc("#jtpd-911").inner_text().strip(),
        "notice": chat.loc("#jtpd-notice").inner_text().strip(),
        "placeholder": chat.input.get_attribute("placeholder"),
        "send": chat.loc("#jtpd-send").get_attribute("aria-label"),
    }


def test_a_spanish_conversation_gets_the_widget_in_spanish_and_back(make_chat):
    chat = make_chat(bypass_csp=True)
    chat.goto()
    chat.open()
    assert _ui(chat)["host"] == "en" and _ui(chat)["banner"] == "Emergency? Call 911"

    replies = chat.send("¿Cuál es el número de la línea que no es de emergencia?")
    assert replies and all(language_of(text) == "es" for text in replies), replies
    assert _ui(chat) == {
        "host": "es",
        "banner": "¿Emergencia? Llame al 911",
        "notice": "Este chat es automático. Ningún despachador lo lee.",
        "placeholder": "Escriba su mensaje…",
        "send": "Enviar",
    }
    assert _lang(chat.bot_messages.last) == "es" and _lang(chat.user_messages.last) == "es"
    assert chat.loc("#jtpd-feedback-q").inner_text() == "¿Le sirvió esta respuesta?"
    assert chat.loc("#jtpd-feedback .jtpd-fb").all_inner_texts() == ["Sí", "No"]
    assert chat.run_axe() == []

    # after a reload, from the stored conversation, still Spanish
    chat.page.reload()
    chat.open()
    assert _ui(chat)["host"] == "es" and _lang(chat.bot_messages.last) == "es"

    # the errors too
    chat.page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    chat.input.fill("hola")
    chat.input.press("Enter")
    chat.loc(".jtpd-error").wait_for()
    chat.wait_idle()
    assert "Si es una emergencia, llame al 911" in chat.loc(".jtpd-error").inner_text()
    assert chat.loc(".jtpd-error .jtpd-retry").inner_text() == "Intentar de nuevo"
    assert chat.run_axe() == []
    chat.page.unroute("**/webhooks/rest/webhook")

    # back to English: the UI follows, the Spanish messages keep their lang="es"
    replies = chat.send("What's the number for poison control?")
    assert replies and all(language_of(text) != "es" for text in replies), replies
    assert _ui(chat)["host"] == "en" and _ui(chat)["placeholder"] == "Type your message…"
    assert _lang(chat.bot_messages.last) == "en"
    assert _lang(chat.bot_messages.nth(1)) == "es"  # the first answer, after the welcome
    assert chat.run_axe() == []

    # a new chat is a new conversation: English, and its welcome in English
    chat.loc("#jtpd-new").click()
    assert _ui(chat)["host"] == "en"
    assert chat.text_of(chat.bot_messages.first).startswith("Hi!")


def test_the_spanish_menu_buttons_send_the_same_payloads(make_chat):
    chat = make_chat()
    chat.goto()
    chat.open()
    english = chat.quick_replies.all_inner_texts()
    assert "Phone numbers" in english, english
    chat.send("hola")  # the greeting, with the menu, in Spanish
    assert chat.page.evaluate(HOST_LANG) == "es"
    titles = chat.quick_replies.all_inner_texts()
    assert len(titles) == len(english) and "Números de teléfono" in titles, titles
    chat.quick_replies.filter(has_text="Números de teléfono").click()
    chat.wait_idle()
    assert chat.webhook_bodies[-1]["message"] == "/list_category"
    # the category buttons of the reply are in Spanish too, and list a category
    assert "Policía" in chat.quick_replies.all_inner_texts()
    chat.quick_replies.filter(has_text="Policía").click()
    chat.wait_idle()
    assert chat.webhook_bodies[-1]["message"] == '/list_category{"category": "police"}'
    assert chat.text_of(chat.bot_messages.last).startswith("Departamentos de policía:")
    # a new chat is a new conversation: English again
    chat.loc("#jtpd-new").click()
    assert chat.quick_replies.all_inner_texts() == english
    assert chat.page.evaluate(HOST_LANG) == "en"
