"""The few words a package adds around the course's own text, per language.

Everything a learner reads in a package comes from the PO files, except these notices and
labels. A language without its own wording here gets the English one marked ``lang="en"``,
as a page block that falls back to English is; translations are welcome in this table.
"""

from __future__ import annotations

from dataclasses import dataclass

_MESSAGES: dict[str, dict[str, str]] = {
    "contents": {
        "en": "Contents", "es": "Contenido", "fr": "Sommaire", "it": "Indice", "ar": "المحتويات"},
    "previous": {
        "en": "Previous", "es": "Anterior", "fr": "Précédent", "it": "Precedente", "ar": "السابق"},
    "next": {
        "en": "Next", "es": "Siguiente", "fr": "Suivant", "it": "Successivo", "ar": "التالي"},
    "not_recorded": {
        "en": "This course is not running in a learning platform: your progress is not recorded.",
        "es": "Este curso no se está ejecutando en una plataforma de aprendizaje: su progreso no se registra.",
        "fr": "Ce cours n'est pas ouvert dans une plateforme d'apprentissage : votre progression n'est pas enregistrée.",
        "it": "Questo corso non è aperto in una piattaforma di apprendimento: i tuoi progressi non vengono registrati.",
        "ar": "لا يعمل هذا المقرر داخل منصة تعليمية: لا يُسجَّل تقدمك."},
    "draft": {
        "en": "Draft: this translation is not finished and has not been approved for publication; "
              "some parts are still in English.",
        "es": "Borrador: esta traducción no está terminada ni aprobada para su publicación; "
              "algunas partes siguen en inglés.",
        "fr": "Brouillon : cette traduction n'est pas terminée ni approuvée pour publication ; "
              "certaines parties sont encore en anglais.",
        "it": "Bozza: questa traduzione non è completa né approvata per la pubblicazione; "
              "alcune parti sono ancora in inglese.",
        "ar": "مسودة: هذه الترجمة غير مكتملة ولم تُعتمد للنشر بعد، وبعض أجزائها ما زال بالإنكليزية."},
    "video_missing": {
        "en": "This video is not available yet.",
        "es": "Este vídeo todavía no está disponible.",
        "fr": "Cette vidéo n'est pas encore disponible.",
        "it": "Questo video non è ancora disponibile.",
        "ar": "هذا الفيديو غير متاح بعد."},
    "languages": {
        "en": "Languages", "es": "Idiomas", "fr": "Langues", "it": "Lingue", "ar": "اللغات"},
}


@dataclass(frozen=True, slots=True)
class Message:
    """A notice's text and the language it is in (``en`` when the page's language has none)."""

    text: str
    lang: str


def messages(code: str) -> dict[str, Message]:
    """Every package message for ``code`` (``pt_BR`` falls back to ``pt``, then to English)."""
    found = {}
    for name, texts in _MESSAGES.items():
        for candidate in (code, code.split("_")[0].split("-")[0], "en"):
            if candidate in texts:
                found[name] = Message(texts[candidate], candidate)
                break
    return found
