import json

from django.core.management.base import BaseCommand
from django.utils import translation

from assistant import answers


class Command(BaseCommand):
    help = "Answer a question as the assistant's panel would."

    def add_arguments(self, parser):
        parser.add_argument("question")
        parser.add_argument("--lang", choices=["sr", "sr-latn", "en"], default="sr")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, question, lang, **options):
        with translation.override(lang):
            answer = answers.ask(question, lang=lang).as_dict()
        for passage in answer["passages"] + ([answer["faq"]] if answer["faq"] else []):
            passage.pop("html", None)
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        if answer["message"]:
            self.stdout.write(answer["message"])
        for passage in ([answer["faq"]] if answer["faq"] else []) + answer["passages"]:
            self.stdout.write(f"\n{passage['title']} ({passage['score']})")
            self.stdout.write(passage["url"])
            self.stdout.write(passage["text"])
