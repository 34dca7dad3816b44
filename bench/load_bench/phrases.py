"""What the virtual residents say besides FAQ questions: greetings and thanks in every language."""

from __future__ import annotations

GREETINGS = {
    "ja": ["こんにちは", "こんにちは。質問してもいいですか", "はじめまして、よろしくお願いします"],
    "en": ["Hello", "Hi, I have a question about my pension"],
    "zh": ["你好", "您好，请问一下"],
    "ko": ["안녕하세요", "안녕하세요, 질문이 있어요"],
    "es": ["Hola", "Hola, buenas tardes"],
    "pt": ["Olá", "Oi, bom dia"],
    "vi": ["Xin chào", "Chào bạn"],
    "tl": ["Kumusta po", "Hello po"],
    "th": ["สวัสดีครับ", "สวัสดีค่ะ"],
    "id": ["Halo", "Selamat siang"],
    "ne": ["नमस्ते", "नमस्कार"],
}
THANKS = {
    "ja": "ありがとうございました",
    "en": "Thank you!",
    "zh": "谢谢",
    "ko": "감사합니다",
    "es": "Muchas gracias",
    "pt": "Obrigado",
    "vi": "Cảm ơn bạn",
    "tl": "Salamat po",
    "th": "ขอบคุณครับ",
    "id": "Terima kasih",
    "ne": "धन्यवाद",
}
