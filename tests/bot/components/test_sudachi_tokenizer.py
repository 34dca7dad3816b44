import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.sudachi_tokenizer import SudachiTokenizer


def make(**config):
    return SudachiTokenizer.create({**SudachiTokenizer.get_default_config(), **config}, None, None, None)


def test_tokens_carry_offsets_and_lemmas():
    message = Message({TEXT: "免除の申請をしたいです"})
    tokens = make().tokenize(message, TEXT)
    assert [t.text for t in tokens] == ["免除", "の", "申請", "を", "し", "たい", "です"]
    assert [(t.start, t.end) for t in tokens][:3] == [(0, 2), (2, 3), (3, 5)]
    assert tokens[4].lemma == "為る"


def test_process_sets_tokens_on_messages_and_training_data():
    tokenizer = make()
    message = Message({TEXT: "ねんきんネットに登録したい"})
    tokenizer.process([message])
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])][:2] == ["ねんきん", "ネット"]
    data = TrainingData([Message({TEXT: "免除申請", "intent": "ask_exemption"})])
    tokenizer.process_training_data(data)
    assert [t.text for t in data.training_examples[0].get(TOKENS_NAMES[TEXT])] == ["免除", "申請"]


def test_bad_split_mode_fails_early():
    with pytest.raises(ValueError, match="split_mode must be A, B or C"):
        make(split_mode="X")


@pytest.mark.parametrize("text", ["?", "？", "。", "...", "！！", "、", "・", "「」", "-", "/", "\u200b", "\ufeff"])
def test_a_message_without_words_still_gets_one_token(text):
    from bot.components.sudachi_tokenizer import NO_WORDS

    (token,) = make().tokenize(Message({TEXT: text}), TEXT)
    assert (token.text, token.start, token.end, token.lemma) == (text, 0, len(text), NO_WORDS)
