"""The public-reply kind's texts in both teaching languages: its workbench, its feed and its
figures (shared texts live in :mod:`casekit.text`)."""

from __future__ import annotations

from typing import Any

__all__ = ["COLOURS", "NEGATIVE", "NEUTRAL", "POSITIVE", "STRINGS", "polarity", "t"]

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
COLOURS = {NEGATIVE: "#c0392b", NEUTRAL: "#7f8c8d", POSITIVE: "#27ae60", "cafe": "#2c3e50",
           "competitor": "#8e44ad"}

STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "casekit · a public reply", "tr": "casekit · herkese açık bir yanıt"},
    "section_tweet": {"en": "2. The tweet, as it appears", "tr": "2. Tweet, göründüğü gibi"},
    "tweet_intro": {
        "en": "This is what you see when you open the café's mentions ({age} hours after she "
              "posted it). Everything below it is up to you.",
        "tr": "Kafenin bildirimlerini açtığınızda gördüğünüz bu (tweet {age} saat önce "
              "atıldı). Bundan sonrası size kalmış."},
    "hours_ago": {"en": "{h} h ago", "tr": "{h} sa önce"},
    "followers": {"en": "{n:,} followers", "tr": "{n:,} takipçi"},
    "section_composer": {"en": "3. Write your reply", "tr": "3. Yanıtınızı yazın"},
    "composer_intro": {
        "en": "Write the reply in your own words, in English or Turkish, and press Read. "
              "casekit reads it with a rubric of phrases (no AI, nothing leaves this "
              "computer) and shows what it found and why. Untick or tick a part, or change "
              "the tone, if you think the rubric got it wrong; then add the reply to your "
              "plan. You can add a follow-up later, or answer by direct message instead.",
        "tr": "Yanıtı kendi sözcüklerinizle, Türkçe ya da İngilizce yazın ve Oku'ya basın. "
              "casekit onu bir ifade listesiyle okur (yapay zekâ yok, hiçbir şey bu "
              "bilgisayardan çıkmaz) ve ne bulduğunu, nedenini gösterir. Ölçüt yanıldıysa "
              "bir öğeyi işaretleyin ya da kaldırın, tonu değiştirin; sonra yanıtı planınıza "
              "ekleyin. Daha sonra bir takip yanıtı ekleyebilir ya da özel mesajla "
              "yanıtlayabilirsiniz."},
    "placeholder": {"en": "@{handle} ...", "tr": "@{handle} ..."},
    "reply_language": {"en": "Written in", "tr": "Yazım dili"},
    "channel": {"en": "Where", "tr": "Nerede"},
    "at": {"en": "Hours after you saw it", "tr": "Gördükten kaç saat sonra"},
    "read": {"en": "Read my reply", "tr": "Yanıtımı oku"},
    "add": {"en": "Add to my plan", "tr": "Planıma ekle"},
    "clear": {"en": "Clear the plan", "tr": "Planı temizle"},
    "load": {"en": "Load", "tr": "Yükle"},
    "presets": {"en": "Or start from", "tr": "Ya da şununla başlayın"},
    "found_parts": {"en": "What the reply does", "tr": "Yanıt ne yapıyor"},
    "found_tone": {"en": "Tone", "tr": "Ton"},
    "why": {"en": "Why", "tr": "Neden"},
    "nothing_found": {"en": "The rubric found no message part: tick one by hand, or rewrite.",
                      "tr": "Ölçüt yanıtta hiçbir mesaj öğesi bulamadı: birini elle "
                            "işaretleyin ya da yanıtı yeniden yazın."},
    "plan_head": {"en": "Your plan", "tr": "Planınız"},
    "plan_empty": {"en": "No reply yet: the plan is silence.",
                   "tr": "Henüz yanıt yok: plan sessizlik."},
    "plan_line": {"en": "at {at} h, {channel}: {parts} [{tone}]",
                  "tr": "{at}. saatte, {channel}: {parts} [{tone}]"},
    "section_run": {"en": "4. Run it against silence", "tr": "4. Sessizliğe karşı çalıştırın"},
    "run_intro": {
        "en": "Each run plays the next two weeks {reps} times with the same people and the "
              "same luck for your plan and for saying nothing, so the difference is your "
              "reply's doing.",
        "tr": "Her çalıştırma önümüzdeki iki haftayı, planınız ve hiçbir şey söylememek için "
              "aynı insanlar ve aynı şansla {reps} kez oynatır; aradaki fark yanıtınızın "
              "eseridir."},
    "run": {"en": "Run my plan", "tr": "Planımı çalıştır"},
    "running": {"en": "Running…", "tr": "Çalışıyor…"},
    "done": {"en": "Done in {seconds:.1f} s (attempt #{n}).",
             "tr": "{seconds:.1f} sn'de bitti (deneme #{n})."},
    "failed": {"en": "Could not run: {error}", "tr": "Çalıştırılamadı: {error}"},
    "section_results": {"en": "5. What happened", "tr": "5. Ne oldu"},
    "results_empty": {"en": "Run a plan to see what happened.",
                      "tr": "Ne olduğunu görmek için bir plan çalıştırın."},
    "col_measure": {"en": "Measure", "tr": "Ölçü"},
    "col_plan": {"en": "Your plan", "tr": "Planınız"},
    "col_silence": {"en": "Silence", "tr": "Sessizlik"},
    "col_difference": {"en": "Difference (95% interval)", "tr": "Fark (%95 aralık)"},
    "m_complainant_sentiment": {"en": "Her feeling about the café (-1..1)",
                                "tr": "Müşterinin kafeye dair hissi (-1..1)"},
    "m_complainant_return_probability": {"en": "Chance she comes back",
                                         "tr": "Geri gelme olasılığı"},
    "m_observers_attitude": {"en": "Onlookers' attitude to the café (-1..1)",
                             "tr": "İzleyenlerin kafeye tutumu (-1..1)"},
    "m_negative_reach": {"en": "Accounts reached by negative word of mouth",
                         "tr": "Olumsuz ağızdan ağıza iletişimin ulaştığı hesap"},
    "m_negative_posts": {"en": "Negative tweets, replies and retweets",
                         "tr": "Olumsuz tweet, yanıt ve retweet"},
    "m_reply_coverage": {"en": "Share of the thread's audience who saw your reply",
                         "tr": "Yazışmayı görenlerden yanıtınızı görenlerin payı"},
    "m_regulars_lost": {"en": "Regulars lost (of {n})", "tr": "Kaybedilen müdavim ({n} kişiden)"},
    "m_monthly_revenue_lost": {"en": "Monthly revenue lost ({currency})",
                               "tr": "Aylık gelir kaybı ({currency})"},
    "m_competitor_gain": {"en": "The café next door's monthly gain ({currency})",
                          "tr": "Yandaki kafenin aylık kazancı ({currency})"},
    "m_cost": {"en": "Cost of your response ({currency})",
               "tr": "Yanıtınızın maliyeti ({currency})"},
    "m_score": {"en": "Score (higher is better)", "tr": "Puan (yüksek olan iyi)"},
    "section_feed": {"en": "The thread as it unfolded (one run)",
                     "tr": "Yazışma nasıl gelişti (bir çalıştırma)"},
    "feed_intro": {
        "en": "One of the simulated runs, as a timeline. The names are made up; how many "
              "people joined in, when, and in what tone comes from the simulation. Move the "
              "slider to see the first hours or later.",
        "tr": "Simüle edilen çalıştırmalardan biri, zaman akışı olarak. İsimler uydurma; "
              "kaç kişinin, ne zaman ve hangi tonda katıldığı simülasyondan geliyor. İlk "
              "saatleri ya da sonrasını görmek için kaydırıcıyı kullanın."},
    "feed_hours": {"en": "Show up to hour", "tr": "Gösterilecek son saat"},
    "retweeted": {"en": "retweeted", "tr": "retweetledi"},
    "dm_note": {"en": "direct message: only she sees it", "tr": "özel mesaj: yalnızca o görür"},
    "more": {"en": "… and {n} more in hour {h}", "tr": "… ve {h}. saatte {n} tane daha"},
    "hour": {"en": "hour {h}", "tr": "{h}. saat"},
    "section_chart": {"en": "The cascade over time", "tr": "Zaman içinde yayılma"},
    "chart_intro": {
        "en": "Top: new tweets, replies and retweets each hour under your plan, by tone (mean "
              "of the runs); the line is the negative ones under silence. Bottom: accounts "
              "the thread has reached. Dashed lines mark your replies.",
        "tr": "Üstte: planınızla her saat gelen yeni tweet, yanıt ve retweetler, tonlarına "
              "göre (çalıştırmaların ortalaması); çizgi sessizlikteki olumsuzlar. Altta: "
              "yazışmanın ulaştığı hesaplar. Kesikli çizgiler yanıtlarınız."},
    "fig_items": {"en": "items per hour", "tr": "saatlik öğe"},
    "fig_reach": {"en": "accounts reached", "tr": "ulaşılan hesap"},
    "fig_hours": {"en": "hours after the café saw the tweet",
                  "tr": "kafe tweet'i gördükten sonraki saat"},
    "fig_silence_negative": {"en": "negative, silence", "tr": "olumsuz, sessizlik"},
    "fig_plan": {"en": "your plan", "tr": "planınız"},
    "fig_silence": {"en": "silence", "tr": "sessizlik"},
    "section_competitor": {"en": "6. The café next door", "tr": "6. Yandaki kafe"},
    "competitor_intro": {
        "en": "{name} ({handle}) reads the same thread. If it turns sour, it may do this: "
              "{move}",
        "tr": "{name} ({handle}) aynı yazışmayı okuyor. Yazışma kötüye giderse şunu "
              "yapabilir: {move}"},
    "competitor_off": {"en": "In this case the neighbour is switched off (an instructor can "
                             "switch it on in the scenario file).",
                       "tr": "Bu vakada komşu kapalı (eğitmen senaryo dosyasında açabilir)."},
    "competitor_compare": {"en": "Run my plan with the neighbour asleep",
                           "tr": "Planımı komşu uyurken çalıştır"},
    "competitor_moved": {"en": "It made its move in {share:.0%} of the runs under your plan "
                               "({silence:.0%} under silence).",
                         "tr": "Planınızla çalıştırmaların {share:.0%} kadarında hamlesini "
                               "yaptı (sessizlikte {silence:.0%})."},
    "col_awake": {"en": "Neighbour awake", "tr": "Komşu uyanık"},
    "col_asleep": {"en": "Neighbour asleep", "tr": "Komşu uyuyor"},
    "section_history": {"en": "7. Your attempts", "tr": "7. Denemeleriniz"},
    "section_debrief": {"en": "9. What really happened (open it after you have answered)",
                        "tr": "9. Gerçekte ne oldu (cevaplarınızı yazdıktan sonra açın)"},
    "debrief_replies": {"en": "What the café really wrote (in our words):",
                        "tr": "Kafenin gerçekte yazdığı (kendi sözcüklerimizle):"},
    "debrief_run": {"en": "Run what the café did", "tr": "Kafenin yaptığını çalıştır"},
    "debrief_result": {
        "en": "Under what the café did: onlookers' attitude {att:+.2f} (silence {att0:+.2f}), "
              "accounts reached by negative word of mouth {reach:,.0f} (silence {reach0:,.0f}), "
              "regulars lost {lost:.1f} (silence {lost0:.1f}).",
        "tr": "Kafenin yaptığıyla: izleyenlerin tutumu {att:+.2f} (sessizlik {att0:+.2f}), "
              "olumsuz ağızdan ağıza iletişimin ulaştığı hesap {reach:,.0f} (sessizlik "
              "{reach0:,.0f}), kaybedilen müdavim {lost:.1f} (sessizlik {lost0:.1f})."},
    "history_intro": {"en": "Every run is kept in {path}, next to this notebook.",
                      "tr": "Her çalıştırma bu not defterinin yanındaki {path} dosyasında "
                            "saklanır."},
    "history_empty": {"en": "No attempts yet.", "tr": "Henüz deneme yok."},
    "question_a_prompt": {
        "en": "Use the evidence: what share of the thread's audience saw your reply (section "
              "5), and how did the feed look an hour after it? Would the same words by direct "
              "message have done as well? Try it.",
        "tr": "Kanıtları kullanın: yazışmayı görenlerin ne kadarı yanıtınızı gördü (5. "
              "bölüm) ve yanıttan bir saat sonra akış nasıldı? Aynı sözler özel mesajla aynı "
              "etkiyi yapar mıydı? Deneyin."},
    "question_b_prompt": {
        "en": "Compare the onlookers' attitude and the regulars lost with silence. Who was the "
              "real audience of your reply? What did the café next door do, and when?",
        "tr": "İzleyenlerin tutumunu ve kaybedilen müdavimleri sessizlikle karşılaştırın. "
              "Yanıtınızın asıl izleyicisi kimdi? Yandaki kafe ne yaptı, ne zaman?"},
}


def t(key: str, language: str = "en", **values: Any) -> str:
    """One of this workbench's texts in ``language``."""
    from casekit.text.formats import fill
    texts = STRINGS[key]
    return fill(texts.get(language) or texts["en"], language, **values)


#: What the crowd writes, by tone (our own words; the simulation decides how many and when).

_POLARITY = {"en": {NEGATIVE: "negative", NEUTRAL: "neutral", POSITIVE: "positive"},
             "tr": {NEGATIVE: "olumsuz", NEUTRAL: "nötr", POSITIVE: "olumlu"}}


def polarity(q: str, language: str) -> str:
    """A tone's name (negative, neutral, positive) in ``language``."""
    return _POLARITY.get(language, _POLARITY["en"])[q]
