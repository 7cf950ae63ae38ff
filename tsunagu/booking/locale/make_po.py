"""Writes locale/en/LC_MESSAGES/django.po from the table below (run: uv run python
tsunagu/booking/locale/make_po.py, then cd tsunagu/booking && uv run tsunagu compilemessages)."""

import json
from pathlib import Path

EN = {
    # pages
    "相談を予約する": "Book a consultation",
    "予約制の個別相談の空いている日時を見て、そのまま予約できます。お名前はニックネームでかまいません。": "See the free times of individual consultations that take bookings, and book one. A nickname is enough.",
    "予約しなくても、電話や来所で相談できます。どこに相談すればよいかわからないときは": "You can also consult by phone or in person without booking. If you do not know where to consult, use the",
    "。": ".",
    "（": " (",
    "）": ")",
    "いま予約を受け付けている窓口はありません。": "No window takes bookings at the moment.",
    "予約できる日時": "Times you can book",
    "窓口の案内": "About the window",
    "%(first)sから%(last)sまでの空き状況です（1分ごとに最新になります）。空いている時刻を選ぶと予約に進みます。": "Free times from %(first)s to %(last)s (updated every minute). Choose a free time to book it.",
    "1回%(minutes)s分": "%(minutes)s minutes each",
    "出張個別相談会": "Pop-up consultation session",
    "予約する": "Book",
    "残りわずか": "Few places left",
    "満席": "Full",
    "この期間に予約できる日時はありません。": "There is nothing to book in this period.",
    "この窓口はいま予約を受け付けていません。電話でご相談ください。": "This window does not take bookings at the moment. Please call it.",
    "前の2週間": "Previous two weeks",
    "次の2週間": "Next two weeks",
    "この日時は予約できません": "This time cannot be booked",
    "選んだ日時は、先に予約されたか、予約の受付が終わりました。ほかの日時を選んでください。": "The time you chose was booked by someone else or can no longer be booked. Please choose another time.",
    "空いている日時を見る": "See the free times",
    "しばらく待ってから": "Please wait a while",
    "しばらく待ってから、もう一度お試しください": "Please wait a while and try again",
    "短い時間に多くの操作がありました。1時間ほど待ってから、もう一度お試しください。急ぐときは窓口にお電話ください。": "There were many attempts in a short time. Please wait about an hour and try again. If it is urgent, please call the window.",
    "予約の入力": "Your booking",
    "日時を選び直す": "Choose another time",
    "内容": "Consultation",
    "必要なことだけをうかがいます。本名や住所は要りません。": "We ask only what we need. Your real name and address are not needed.",
    "出張個別相談会は、その場所での対面の相談です。": "A pop-up session is held in person at its place.",
    "送信の前に、この端末で自動の確認をします（数秒かかることがあります）。": "Before sending, this device runs an automatic check (it may take a few seconds).",
    "確認できました。「予約する」を押してください。": "Checked. Please press “Book”.",
    "JavaScript が使えないときは、ページを開いてから20秒ほど後に「予約する」を押してください（機械による大量の予約を防ぐためです）。": "Without JavaScript, please press “Book” about 20 seconds after opening this page (this stops machines from making bookings in bulk).",
    "確認のため、あと%(seconds)s秒ほど待ってから、もう一度「予約する」を押してください。入力した内容はそのままです。": "For the check, please wait about %(seconds)s more seconds, then press “Book” again. What you entered is kept.",
    "もう一度「予約する」を押してください。入力した内容はそのままです。": "Please press “Book” again. What you entered is kept.",
    "ご予約の内容": "Your booking",
    "予約を受け付けました": "Your booking is made",
    "確認のメール（カレンダーに登録できるファイルつき）をお送りしました。": "We have sent a confirmation e-mail (with a file for your calendar).",
    "窓口から、必要に応じてお電話します。": "The window will call you if needed.",
    "このページのアドレス（URL）を保存しておくと、キャンセルや日時の変更ができます。": "Keep the address (URL) of this page: with it you can cancel or change the time.",
    "日時を変更しました。": "The time has been changed.",
    "この予約はキャンセルされました。": "This booking has been cancelled.",
    "場所・参加方法": "Place or how to join",
    "お名前": "Name",
    "日時を変更する": "Change the time",
    "予約をキャンセルする": "Cancel the booking",
    "相談の%(hours)s時間前を過ぎたため、ここからは変更できません。キャンセルや変更は窓口にお電話ください。": "It is less than %(hours)s hours before the consultation, so it can no longer be changed here. To cancel or change it, please call the window.",
    "ご予約の内容に戻る": "Back to your booking",
    "新しい日時": "New time",
    "この日時に変更する": "Change to this time",
    "この期間に空いている日時はありません。": "There is no free time in this period.",
    "新しい日時を選んでください。": "Please choose a new time.",
    "その日時は予約できなくなりました。ほかの日時を選んでください。": "That time can no longer be booked. Please choose another time.",
    "この窓口の相談を予約する": "Book a consultation at this window",
    # the form and its choices
    "お名前（ニックネームでかまいません）": "Name (a nickname is fine)",
    "連絡方法": "How to contact you",
    "メールアドレスまたは電話番号": "E-mail address or phone number",
    "選んだ連絡方法のものを1つ。メールなら予約の確認と前日のお知らせが届きます。": "One, for the contact method you chose. By e-mail you get the confirmation and a reminder the day before.",
    "相談するのは、どなたですか": "Who is consulting?",
    "ひとこと（任意）": "A short note (optional)",
    "伝えておきたいことがあれば（400文字まで）。書かなくてもかまいません。": "Anything you want us to know (up to 400 characters). You may leave it empty.",
    "来所": "In person",
    "本人": "The person themself",
    "家族": "Family",
    "窓口": "Window",
    "支援者・関係機関": "A supporter or agency",
    # e-mail
    "%(name)s 様": "Dear %(name)s,",
    "ご相談の予約を受け付けました。": "Your consultation is booked.",
    "ご相談の日時を変更しました。": "The time of your consultation has been changed.",
    "ご相談の予約をキャンセルしました。": "Your consultation booking has been cancelled.",
    "ご相談の日が近づきました。": "Your consultation is coming up.",
    "窓口の電話": "Window's phone",
    "キャンセル・日時の変更はこちらから（ご予約の方だけが使えるリンクです）：": "To cancel or change the time (a link for you only):",
    "キャンセル・日時の変更は、予約の確認メールにあるリンクからできます。": "You can cancel or change the time with the link in the confirmation e-mail.",
    "リンクからの変更は、相談の%(hours)s時間前までです。それより後は窓口にお電話ください。": "Changes through the link are possible until %(hours)s hours before the consultation; after that, please call the window.",
    "このメールに心当たりがないときは、このまま削除してください。": "If you did not expect this e-mail, please delete it.",
}


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def main() -> None:
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: en\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for ja, en in EN.items():
        lines += [f"msgid {quote(ja)}", f"msgstr {quote(en)}", ""]
    out = Path(__file__).parent / "en" / "LC_MESSAGES" / "django.po"
    out.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
