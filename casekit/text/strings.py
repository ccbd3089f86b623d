"""Every word the workbench shows, in English and Turkish: the one place to translate.

Widget labels, section texts, thread comments, figure labels and feedback messages all live
here. ``t(key, language, **values)`` returns one text; ``label(kind, name, language)`` the
classroom name of a channel, audience, message part or tone; ``plan_name`` a bundled
reference plan's name. This module is pure data (it imports no widgets, so figures and
feedback can use it); numbers in a filled text are written by
:func:`casekit.text.formats.fill` (Babel's locale data), imported when first needed.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "COMMENTS",
    "COMMENT_NEEDS",
    "FEEDBACK",
    "FIGURES",
    "LANGUAGES",
    "PART_PHRASES",
    "PLAN_NAMES",
    "STRINGS",
    "VOCABULARY",
    "describe_action",
    "faker_locale",
    "figure_text",
    "label",
    "plan_name",
    "t",
]

LANGUAGES = ("en", "tr")
_FAKER_LOCALES = {"en": "en_US", "tr": "tr_TR"}


def faker_locale(language: str) -> str:
    """The Faker locale whose names fit the language (``tr`` -> ``tr_TR``)."""
    return _FAKER_LOCALES.get(language, "en_US")


STRINGS: dict[str, dict[str, str]] = {
    # --- the page --------------------------------------------------------------------
    "language": {"en": "Language", "tr": "Dil"},
    "app_title": {"en": "casekit · SOM509 workbench", "tr": "casekit · SOM509 çalışma masası"},
    "section_case": {"en": "1. The case", "tr": "1. Vaka"},
    "section_thread": {"en": "2. The situation as it unfolds",
                       "tr": "2. Durum nasıl gelişiyor"},
    "section_plan": {"en": "3. Your response plan", "tr": "3. Müdahale planınız"},
    "section_run": {"en": "4. Run the simulation", "tr": "4. Simülasyonu çalıştırın"},
    "section_results": {"en": "5. What happened", "tr": "5. Ne oldu"},
    "section_bought": {"en": "6. What each action bought", "tr": "6. Her adım ne kazandırdı"},
    "section_history": {"en": "7. Your attempts", "tr": "7. Denemeleriniz"},
    "section_questions": {"en": "8. Questions A and B", "tr": "8. A ve B soruları"},
    "hour0": {"en": "What the company knows at hour 0", "tr": "Şirketin 0. saatte bildikleri"},
    # --- the thread ------------------------------------------------------------------
    "thread_intro": {
        "en": "The customer's post on the company's Facebook page. Move the slider to watch "
              "the thread grow hour by hour; after a run it shows what your plan did, or "
              "what doing nothing would have done.",
        "tr": "Müşterinin şirketin Facebook sayfasındaki gönderisi. Kaydırıcıyı hareket "
              "ettirerek tartışmanın saat saat nasıl büyüdüğünü izleyin; bir çalıştırmadan "
              "sonra planınızın ya da hiçbir şey yapmamanın sonucunu gösterir."},
    "thread_post": {
        "en": "This company is a thief. They put 5% extra tax on every bill and take "
              "everybody's money. Check your invoice!",
        "tr": "Bu şirket hırsız. Her faturaya %5 fazla vergi koyup herkesin parasını "
              "alıyorlar. Faturanızı kontrol edin!"},
    "thread_hour": {"en": "Hour", "tr": "Saat"},
    "thread_show": {"en": "Show", "tr": "Göster"},
    "thread_plan": {"en": "Your plan", "tr": "Planınız"},
    "thread_baseline": {"en": "No response", "tr": "Hiç tepki yok"},
    "thread_counters": {"en": "{likes:,} likes · {comments:,} comments · {shares:,} shares",
                        "tr": "{likes:,} beğeni · {comments:,} yorum · {shares:,} paylaşım"},
    "thread_mix": {"en": "Tone of new comments in this hour: {neg}% negative, {neu}% neutral, "
                         "{pos}% positive",
                   "tr": "Bu saatteki yeni yorumların tonu: %{neg} olumsuz, %{neu} nötr, "
                         "%{pos} olumlu"},
    "thread_before_run": {"en": "Before any run: the thread as it stands at hour 0.",
                          "tr": "Henüz çalıştırma yok: tartışmanın 0. saatteki hâli."},
    "company": {"en": "The company (page)", "tr": "Şirket (sayfa)"},
    "minutes_ago": {"en": "{n} min ago", "tr": "{n} dk önce"},
    # --- the plan builder -------------------------------------------------------------
    "plan_intro": {
        "en": "Add the steps of your response one by one. A step either sends a message "
              "(when, on which channel, to whom, what it says, in what tone) or adds staff "
              "to a channel. Only the choices this case allows are offered.",
        "tr": "Müdahalenizin adımlarını tek tek ekleyin. Bir adım ya bir mesaj gönderir "
              "(ne zaman, hangi kanaldan, kime, ne söyleyerek, hangi tonda) ya da bir "
              "kanala ek personel koyar. Yalnızca bu vakanın izin verdiği seçenekler "
              "sunulur."},
    "plan_name": {"en": "Plan name", "tr": "Plan adı"},
    "plan_default_name": {"en": "My plan", "tr": "Planım"},
    "kind": {"en": "Step", "tr": "Adım türü"},
    "kind_message": {"en": "Send a message", "tr": "Mesaj gönder"},
    "kind_staff": {"en": "Add staff", "tr": "Personel ekle"},
    "at": {"en": "At hour", "tr": "Saat"},
    "until": {"en": "Until hour", "tr": "Bitiş saati"},
    "until_hint": {"en": "blank = to the end", "tr": "boş = sonuna kadar"},
    "channel": {"en": "Channel", "tr": "Kanal"},
    "audience": {"en": "Audience", "tr": "Hedef kitle"},
    "message": {"en": "Message parts", "tr": "Mesaj öğeleri"},
    "tone": {"en": "Tone", "tr": "Ton"},
    "compensation": {"en": "Compensation per customer", "tr": "Müşteri başına tazminat"},
    "staff_channel": {"en": "Staff on", "tr": "Personel kanalı"},
    "agents": {"en": "Extra people", "tr": "Ek kişi"},
    "hours": {"en": "For hours", "tr": "Kaç saat"},
    "add": {"en": "Add step", "tr": "Adımı ekle"},
    "update": {"en": "Update selected", "tr": "Seçileni güncelle"},
    "remove": {"en": "Remove selected", "tr": "Seçileni sil"},
    "clear": {"en": "Clear plan", "tr": "Planı temizle"},
    "steps": {"en": "Steps of your plan", "tr": "Planınızın adımları"},
    "no_steps": {"en": "(no steps yet: this is the no-response plan)",
                 "tr": "(henüz adım yok: bu, hiç tepki vermeme planıdır)"},
    "load_from": {"en": "Start from", "tr": "Şuradan başla"},
    "load": {"en": "Load", "tr": "Yükle"},
    "reference_plan": {"en": "Reference plan", "tr": "Örnek plan"},
    "earlier_try": {"en": "Earlier try", "tr": "Önceki deneme"},
    "save_as": {"en": "File name", "tr": "Dosya adı"},
    "save": {"en": "Save plan", "tr": "Planı kaydet"},
    "saved": {"en": "Saved your plan to {path}. Hand in this file.",
              "tr": "Planınız {path} dosyasına kaydedildi. Teslim edeceğiniz dosya bu."},
    "download": {"en": "Download {file}", "tr": "{file} dosyasını indir"},
    "download_ready": {"en": "Your plan is ready: click “Download {file}” to save it on your "
                             "computer, then hand in that file.",
                       "tr": "Planınız hazır: bilgisayarınıza kaydetmek için “{file} "
                             "dosyasını indir” bağlantısına tıklayın, sonra o dosyayı teslim "
                             "edin."},
    "edited_name": {"en": "My plan (from “{name}”)", "tr": "Planım (“{name}” temelli)"},
    "projector": {"en": "Projector view", "tr": "Projeksiyon görünümü"},
    "loaded": {"en": "Loaded “{name}” ({n} steps).", "tr": "“{name}” yüklendi ({n} adım)."},
    "added": {"en": "Added: {what}", "tr": "Eklendi: {what}"},
    "updated": {"en": "Updated: {what}", "tr": "Güncellendi: {what}"},
    "removed": {"en": "Removed: {what}", "tr": "Silindi: {what}"},
    "select_first": {"en": "Select a step in the list first.",
                     "tr": "Önce listeden bir adım seçin."},
    "bad_step": {"en": "This step cannot be used: {error}",
                 "tr": "Bu adım kullanılamaz: {error}"},
    "bad_time": {"en": "expected a time such as 2, 90m, 2h or 3d below {horizon} hours",
                 "tr": "2, 90m, 2h ya da 3d gibi, {horizon} saatten küçük bir zaman "
                       "bekleniyordu"},
    "staff_line": {"en": "h{at}: +{agents} {channel} staff for {hours} h",
                   "tr": "{at}. saat: {channel} için {hours} saat boyunca +{agents} kişi"},
    "message_line": {"en": "h{at}: {channel} → {audience}: {parts} [{tone}]{extra}",
                     "tr": "{at}. saat: {channel} → {audience}: {parts} [{tone}]{extra}"},
    "each": {"en": " ({amount} {currency} each)", "tr": " (kişi başı {amount} {currency})"},
    "until_line": {"en": " until h{until}", "tr": " {until}. saate kadar"},
    # --- running ---------------------------------------------------------------------
    "run_intro": {
        "en": "The simulation plays your plan and the no-response baseline on the same "
              "customers and the same random events, several times (replications), so the "
              "difference you see is your plan's doing.",
        "tr": "Simülasyon planınızı ve hiç tepki vermeme durumunu aynı müşteriler ve aynı "
              "rastlantısal olaylarla birkaç kez (tekrar) oynatır; böylece gördüğünüz fark "
              "planınızdan kaynaklanır."},
    "run": {"en": "Run my plan", "tr": "Planımı çalıştır"},
    "settings": {"en": "Settings", "tr": "Ayarlar"},
    "seed": {"en": "Seed", "tr": "Tohum"},
    "reps": {"en": "Replications", "tr": "Tekrar"},
    "customers": {"en": "Customers", "tr": "Müşteri"},
    "running": {"en": "Running… {done} of {total} simulations",
                "tr": "Çalışıyor… {done} / {total} simülasyon"},
    "done": {"en": "Done in {seconds:.1f} s: attempt {n}.",
             "tr": "{seconds:.1f} sn'de bitti: {n}. deneme."},
    "run_failed": {"en": "The run stopped: {error}", "tr": "Çalıştırma durdu: {error}"},
    "empty_plan": {"en": "Your plan has no steps yet: add at least one step (doing nothing is "
                         "already shown as the no-response line).",
                   "tr": "Planınızda henüz adım yok: en az bir adım ekleyin (hiçbir şey "
                         "yapmamak zaten hiç tepki yok çizgisi olarak gösteriliyor)."},
    "refining": {"en": "First result from {done} of {total} replications; the others are "
                       "running and will refine it…",
                 "tr": "{total} tekrarın {done} tanesinden ilk sonuç; diğerleri çalışıyor ve "
                       "sonucu netleştirecek…"},
    "partial": {"en": "First result, from {done} replication: the numbers will settle when "
                      "the rest arrive.",
                "tr": "İlk sonuç, {done} tekrardan: diğerleri geldiğinde sayılar "
                      "netleşecek."},
    # --- results ---------------------------------------------------------------------
    "no_results": {"en": "Run your plan to see what happens.",
                   "tr": "Ne olduğunu görmek için planınızı çalıştırın."},
    "results_intro": {
        "en": "Your plan against doing nothing, on the same random numbers. Numbers are "
              "means over replications, with the 95% interval in brackets.",
        "tr": "Planınız, hiçbir şey yapmamaya karşı, aynı rastlantısal sayılarla. Sayılar "
              "tekrarların ortalamasıdır; köşeli parantez içinde %95 aralık."},
    "col_measure": {"en": "Measure", "tr": "Ölçü"},
    "col_plan": {"en": "Your plan", "tr": "Planınız"},
    "col_baseline": {"en": "No response", "tr": "Hiç tepki yok"},
    "col_difference": {"en": "Difference", "tr": "Fark"},
    "score_parts": {"en": "The score, part by part", "tr": "Puan, kalem kalem"},
    "points_units": {"en": "points = thousands of {currency}, negated",
                     "tr": "puan = bin {currency}, eksi işaretli"},
    "col_part": {"en": "Part", "tr": "Kalem"},
    "col_points": {"en": "Points", "tr": "Puan"},
    "col_meaning": {"en": "What it means", "tr": "Anlamı"},
    "feedback": {"en": "Feedback", "tr": "Geri bildirim"},
    "source": {"en": "Source", "tr": "Kaynak"},
    "tab_sentiment": {"en": "Sentiment", "tr": "Duygu"},
    "tab_thread": {"en": "Thread", "tr": "Tartışma"},
    "tab_churn": {"en": "Churn", "tr": "Müşteri kaybı"},
    "tab_complaints": {"en": "Complaints", "tr": "Şikâyetler"},
    "tab_cost": {"en": "Cost", "tr": "Maliyet"},
    "tab_score": {"en": "Score", "tr": "Puan"},
    # --- what each action bought -------------------------------------------------------
    "bought_intro": {
        "en": "For each step, the simulation runs your plan without that step, on the same "
              "random numbers. The difference is what the step bought you.",
        "tr": "Her adım için simülasyon planınızı o adım olmadan, aynı rastlantısal "
              "sayılarla çalıştırır. Aradaki fark, o adımın size kazandırdığıdır."},
    "bought_run": {"en": "Work out what each step bought",
                   "tr": "Her adımın ne kazandırdığını hesapla"},
    "bought_need_run": {"en": "Run a plan with at least one step first.",
                        "tr": "Önce en az bir adımı olan bir planı çalıştırın."},
    "bought_ready": {"en": "Press the button to work out what each step of this run bought.",
                     "tr": "Bu çalıştırmadaki her adımın ne kazandırdığını görmek için "
                           "düğmeye basın."},
    "bought_stale": {"en": "You ran a plan again, so the table for the earlier run was put "
                           "away: press the button to work it out for this run.",
                     "tr": "Planı yeniden çalıştırdınız; önceki çalıştırmanın tablosu "
                           "kaldırıldı. Bu çalıştırma için hesaplamak üzere düğmeye basın."},
    "col_step": {"en": "Step", "tr": "Adım"},
    "col_score_without": {"en": "Score without it", "tr": "Adım olmadan puan"},
    "col_bought": {"en": "Points it bought", "tr": "Kazandırdığı puan"},
    "col_customers_kept": {"en": "Customers it kept", "tr": "Elde tuttuğu müşteri"},
    # --- the workbench every kind can use (casekit.ui.generic) -----------------------
    "bench_plan": {"en": "Your plan (a YAML file: edit it, or load a reference plan)",
                   "tr": "Planınız (bir YAML dosyası: düzenleyin ya da bir örnek plan yükleyin)"},
    "bench_load": {"en": "Load", "tr": "Yükle"},
    "bench_reference": {"en": "Reference plan", "tr": "Örnek plan"},
    "bench_loaded": {"en": "Loaded: {name}.", "tr": "Yüklendi: {name}."},
    "bench_results": {"en": "Results against doing nothing",
                      "tr": "Hiçbir şey yapmamaya göre sonuçlar"},
    "bench_intro": {"en": "Your plan and doing nothing on the same random numbers; the "
                          "numbers are means over {reps} replications.",
                    "tr": "Planınız ve hiçbir şey yapmamak aynı rastgele sayılarla; sayılar "
                          "{reps} tekrarın ortalamasıdır."},
    "bench_base_col": {"en": "Doing nothing", "tr": "Hiçbir şey yapmamak"},
    "bench_score": {"en": "Score (higher is better)", "tr": "Puan (yüksek olan iyi)"},
    "bench_feedback": {"en": "What the research says about your plan",
                       "tr": "Araştırmalar planınız hakkında ne diyor"},
    "bench_empty": {"en": "Write or load a plan, then run it.",
                    "tr": "Bir plan yazın ya da yükleyin, sonra çalıştırın."},
    "bench_done": {"en": "Done: attempt {n}.", "tr": "Tamam: {n}. deneme."},
    "bench_shown": {"en": "A first result, not recorded as an attempt: press Run my plan to "
                          "record yours.",
                    "tr": "İlk sonuç, deneme olarak kaydedilmedi: kendi denemenizi kaydetmek "
                          "için Planımı çalıştır'a basın."},
    "bench_running": {"en": "Running {reps} replications of your plan and of doing nothing…",
                      "tr": "Planınızın ve hiçbir şey yapmamanın {reps} tekrarı çalışıyor…"},
    "bench_invalid": {"en": "The plan is not valid: {error}",
                      "tr": "Plan geçerli değil: {error}"},
    "bench_notes": {"en": "Before you run it", "tr": "Çalıştırmadan önce"},
    "bench_figures": {"en": "Figures", "tr": "Grafikler"},
    "tab_replies": {"en": "Replies", "tr": "Yanıtlar"},
    # --- the bank (identity) workbench (casekit.ui.identity) ---------------------------
    "id_title": {"en": "casekit · the bank that did not know its own customer",
                 "tr": "casekit · kendi müşterisini tanımayan banka"},
    "id_exhibits": {"en": "The call, his blog, the tweet and the bank's reply",
                    "tr": "Arama, blog yazısı, tweet ve bankanın yanıtı"},
    "id_exhibit_call": {"en": "The sales call", "tr": "Satış araması"},
    "id_exhibit_blog": {"en": "From his blog", "tr": "Blog yazısından"},
    "id_exhibit_tweet": {"en": "His tweet", "tr": "Onun tweeti"},
    "id_exhibit_reply": {"en": "The bank's reply", "tr": "Bankanın yanıtı"},
    "id_exhibit_lesson": {"en": "The lesson", "tr": "Ders"},
    "id_data": {"en": "The data: the bank's records and the accounts that wrote to it",
                "tr": "Veri: bankanın kayıtları ve ona yazan hesaplar"},
    "id_data_counts": {"en": "{customers:,} customer records, {accounts:,} social accounts and "
                             "{posts:,} posts. {shared:.0%} of customers share their full name "
                             "with someone else, so a name alone rarely tells who is who.",
                       "tr": "{customers:,} müşteri kaydı, {accounts:,} sosyal medya hesabı ve "
                             "{posts:,} gönderi. Müşterilerin {shared:.0%} kadarının tam adı "
                             "başka birininkiyle aynı; yalnızca ad, kimin kim olduğunu nadiren "
                             "söyler."},
    "id_data_customers": {"en": "The first customer records", "tr": "İlk müşteri kayıtları"},
    "id_data_accounts": {"en": "The first social accounts", "tr": "İlk sosyal medya hesapları"},
    "id_data_posts": {"en": "Posts that give a card's last digits away",
                      "tr": "Kartın son hanelerini veren gönderiler"},
    "id_tools": {"en": "Link the accounts to the customers",
                 "tr": "Hesapları müşterilerle eşleştirin"},
    "id_weights_table": {"en": "The weights of the model", "tr": "Modelin ağırlıkları"},
    "id_replay_head": {"en": "Your plan against the reference plans, {reps} replications of "
                             "the same year of complaints (points lost: a thousand {currency} "
                             "a point).",
                       "tr": "Planınız örnek planlara karşı, aynı şikâyet yılının {reps} "
                             "tekrarı (kaybedilen puan: bir puan bin {currency})."},
    "id_replay_empty": {"en": "Choose the method and the policies, then replay the year.",
                        "tr": "Yöntemi ve politikaları seçin, sonra yılı oynatın."},
    "id_used": {"en": "Your choices are in the plan file below; run it to record an attempt.",
                "tr": "Seçimleriniz aşağıdaki plan dosyasında; bir deneme kaydetmek için "
                      "çalıştırın."},
    "id_rules_method": {"en": "rules", "tr": "kurallar"},
    "id_quality": {"en": "Precision {p:.1%} · recall {r:.1%} · F1 {f:.3f} · {links:,} links · "
                         "{review:,} pairs to review · blocking lets {ceiling:.0%} of true "
                         "pairs through ({pairs:,} pairs compared)",
                   "tr": "Kesinlik {p:.1%} · duyarlılık {r:.1%} · F1 {f:.3f} · {links:,} "
                         "eşleşme · incelenecek {review:,} çift · bloklama doğru çiftlerin "
                         "{ceiling:.0%} kadarını geçiriyor ({pairs:,} çift karşılaştırıldı)"},
    "id_turkish": {"en": "Turkish text is not ASCII text",
                   "tr": "Türkçe metin ASCII metin değildir"},
    "id_turkish_note": {"en": "Python's str.lower() turns 'IŞIK' into 'işik', and stripping "
                              "accents turns 'Işık' into 'Isk'. casekit's matching keys handle "
                              "Turkish case and letters first.",
                        "tr": "Python'un str.lower() işlevi 'IŞIK' sözcüğünü 'işik' yapar; "
                              "aksan silmek 'Işık'ı 'Isk' yapar. casekit'in eşleştirme "
                              "anahtarları önce Türkçe büyük-küçük harfi ve harfleri ele alır."},
    "id_col_name": {"en": "Name as written", "tr": "Yazıldığı gibi ad"},
    "id_col_naive": {"en": "Accents stripped", "tr": "Aksanlar silinmiş"},
    "id_col_field": {"en": "Field", "tr": "Alan"},
    "id_col_level": {"en": "Level", "tr": "Düzey"},
    "id_col_m": {"en": "m (same person)", "tr": "m (aynı kişi)"},
    "id_col_u": {"en": "u (different people)", "tr": "u (farklı kişiler)"},
    "id_col_weight": {"en": "Weight log2(m/u)", "tr": "Ağırlık log2(m/u)"},
    "id_col_true_m": {"en": "True m (hidden truth)", "tr": "Gerçek m (gizli doğru)"},
    "id_col_plan": {"en": "Plan", "tr": "Plan"},
    "id_col_precision": {"en": "Precision", "tr": "Kesinlik"},
    "id_col_recall": {"en": "Recall", "tr": "Duyarlılık"},
    "id_col_context_share": {"en": "Met with context", "tr": "Bağlamla karşılanan"},
    "id_col_churned": {"en": "Customers lost", "tr": "Kaybedilen müşteri"},
    "id_col_privacy_incidents": {"en": "Privacy incidents", "tr": "Gizlilik olayları"},
    "id_col_score_value_lost": {"en": "Value lost (points)", "tr": "Kaybedilen değer (puan)"},
    "id_col_score_review_cost": {"en": "Review (points)", "tr": "İnceleme (puan)"},
    "id_col_score_privacy_cost": {"en": "Privacy (points)", "tr": "Gizlilik (puan)"},
    "id_col_score_staff_cost": {"en": "Staff (points)", "tr": "Personel (puan)"},
    "id_col_score": {"en": "Score", "tr": "Puan"},
    "id_col_customer_id": {"en": "Customer", "tr": "Müşteri"},
    "id_col_first_name": {"en": "First name", "tr": "Ad"},
    "id_col_last_name": {"en": "Surname", "tr": "Soyad"},
    "id_col_account_id": {"en": "Account", "tr": "Hesap"},
    "id_col_handle": {"en": "Handle", "tr": "Kullanıcı adı"},
    "id_col_display_name": {"en": "Display name", "tr": "Görünen ad"},
    "id_col_text": {"en": "Post", "tr": "Gönderi"},
    "id_field_first_name": {"en": "First name", "tr": "Ad"},
    "id_field_surname": {"en": "Surname", "tr": "Soyad"},
    "id_field_city": {"en": "City", "tr": "İl"},
    "id_field_district": {"en": "District", "tr": "İlçe"},
    "id_field_phone": {"en": "Phone", "tr": "Telefon"},
    "id_field_email": {"en": "E-mail", "tr": "E-posta"},
    "id_field_card": {"en": "Card's last 4", "tr": "Kart son 4"},
    "id_field_handle": {"en": "Handle", "tr": "Kullanıcı adı"},
    "id_level_exact": {"en": "the same", "tr": "aynı"},
    "id_level_close": {"en": "close (a typo)", "tr": "yakın (yazım hatası)"},
    "id_level_different": {"en": "different", "tr": "farklı"},
    "id_level_initial": {"en": "same initial", "tr": "aynı baş harf"},
    "id_level_same_local": {"en": "same name before @", "tr": "@ öncesi aynı"},
    "id_level_email_local": {"en": "like the e-mail's name", "tr": "e-posta adına benzer"},
    "id_level_name": {"en": "like the person's name", "tr": "kişinin adına benzer"},
    "id_block_phone": {"en": "same phone", "tr": "aynı telefon"},
    "id_block_email": {"en": "same e-mail", "tr": "aynı e-posta"},
    "id_block_email_local": {"en": "same e-mail name (before @)",
                             "tr": "aynı e-posta adı (@ öncesi)"},
    "id_block_handle_email": {"en": "handle = e-mail name", "tr": "kullanıcı adı = e-posta adı"},
    "id_block_surname_city": {"en": "same surname and city", "tr": "aynı soyad ve il"},
    "id_block_first_surname": {"en": "same first name and surname", "tr": "aynı ad ve soyad"},
    "id_block_first_city": {"en": "same first name and city", "tr": "aynı ad ve il"},
    "id_block_card_city": {"en": "same card digits and city", "tr": "aynı kart haneleri ve il"},
    "id_block_card_first": {"en": "same card digits and first name",
                            "tr": "aynı kart haneleri ve ad"},
    # --- history ---------------------------------------------------------------------
    "history_intro": {
        "en": "Every run is kept in {path}, next to this notebook, so nothing is lost when "
              "you re-run a cell or restart.",
        "tr": "Her çalıştırma bu not defterinin yanındaki {path} dosyasında saklanır; bir "
              "hücreyi yeniden çalıştırdığınızda ya da yeniden başlattığınızda hiçbir şey "
              "kaybolmaz."},
    "history_empty": {"en": "No attempts yet.", "tr": "Henüz deneme yok."},
    "col_attempt": {"en": "#", "tr": "#"},
    "col_time": {"en": "When", "tr": "Ne zaman"},
    "col_steps": {"en": "Steps", "tr": "Adım sayısı"},
    # --- questions -------------------------------------------------------------------
    "questions_intro": {
        "en": "Write your answers here; they are saved with your attempts.",
        "tr": "Cevaplarınızı buraya yazın; denemelerinizle birlikte kaydedilir."},
    "question_a_prompt": {
        "en": "Use the evidence on this page: which step bought the most (section 6)? When "
              "did the thread stop growing (section 2)? Did paper-bill customers hear from "
              "you before their bill arrived (feedback)?",
        "tr": "Sayfadaki kanıtları kullanın: en çok hangi adım kazandırdı (6. bölüm)? "
              "Tartışma ne zaman büyümeyi bıraktı (2. bölüm)? Kâğıt fatura alan müşteriler "
              "faturaları gelmeden önce sizden haber aldı mı (geri bildirim)?"},
    "question_b_prompt": {
        "en": "Look at the sentiment chart and its band: where does sentiment end against "
              "where it started? Compare churn and the thread's tone with the no-response "
              "line. Which number would tell you that the relationship is repaired?",
        "tr": "Duygu grafiğine ve bandına bakın: duygu başladığı yere göre nerede bitiyor? "
              "Müşteri kaybını ve tartışmanın tonunu hiç tepki vermeme çizgisiyle "
              "karşılaştırın. İlişkinin onarıldığını hangi sayı gösterirdi?"},
    "answer_placeholder": {"en": "Your answer…", "tr": "Cevabınız…"},
    "answers_saved": {"en": "Answers saved.", "tr": "Cevaplar kaydedildi."},
    "save_answers": {"en": "Save answers", "tr": "Cevapları kaydet"},
    # --- metrics ---------------------------------------------------------------------
    "metric_churn_rate": {"en": "Customers lost (%)", "tr": "Kaybedilen müşteri (%)"},
    "metric_churned_customers": {"en": "Customers lost", "tr": "Kaybedilen müşteri"},
    "metric_revenue_lost": {"en": "Lifetime value lost ({currency})",
                            "tr": "Kaybedilen yaşam boyu değer ({currency})"},
    "metric_cost": {"en": "Response cost ({currency})", "tr": "Müdahale maliyeti ({currency})"},
    "metric_sentiment_final": {"en": "Mean sentiment at the end (-1..1)",
                               "tr": "Sondaki ortalama duygu (-1..1)"},
    "metric_negative_posts": {"en": "Negative public posts", "tr": "Olumsuz herkese açık gönderi"},
    "metric_complaints": {"en": "Complaint contacts", "tr": "Şikâyet teması"},
    "metric_score": {"en": "Score (higher is better)", "tr": "Puan (yüksek olan iyi)"},
    "part_customers_lost": {"en": "Customers lost", "tr": "Kaybedilen müşteriler"},
    "part_response_cost": {"en": "Response cost", "tr": "Müdahale maliyeti"},
    "part_public_sentiment": {"en": "Public sentiment", "tr": "Kamuoyu duygusu"},
    "part_complaint_load": {"en": "Complaint load", "tr": "Şikâyet yükü"},
    "part_score": {"en": "Score", "tr": "Puan"},
}

#: Classroom names of the plan vocabulary (channels, audiences, message parts, tones).
VOCABULARY: dict[str, dict[str, dict[str, str]]] = {
    "channel": {
        "facebook_post": {"en": "Facebook post", "tr": "Facebook gönderisi"},
        "facebook_reply": {"en": "Facebook replies", "tr": "Facebook yanıtları"},
        "twitter_post": {"en": "X/Twitter post", "tr": "X/Twitter gönderisi"},
        "twitter_reply": {"en": "X/Twitter replies", "tr": "X/Twitter yanıtları"},
        "direct_message": {"en": "Direct messages", "tr": "Doğrudan mesaj"},
        "sms": {"en": "SMS", "tr": "SMS"},
        "email": {"en": "E-mail", "tr": "E-posta"},
        "website": {"en": "Website notice", "tr": "Web sitesi duyurusu"},
        "call_center": {"en": "Call centre", "tr": "Çağrı merkezi"},
        "paper_letter": {"en": "Paper letter", "tr": "Mektup"},
        "press_release": {"en": "Press release", "tr": "Basın bülteni"},
    },
    "audience": {
        "everyone": {"en": "every customer", "tr": "bütün müşteriler"},
        "e_bill": {"en": "e-bill customers", "tr": "e-fatura müşterileri"},
        "paper_bill": {"en": "paper-bill customers", "tr": "kâğıt fatura müşterileri"},
        "complainers": {"en": "people who complain", "tr": "şikâyet edenler"},
        "followers": {"en": "page followers", "tr": "sayfa takipçileri"},
        "public": {"en": "the public", "tr": "kamuoyu"},
        "overcharged_most": {"en": "customers overcharged most",
                             "tr": "en çok fazla faturalanan müşteriler"},
        "churn_risk": {"en": "customers most at risk of leaving",
                       "tr": "ayrılma riski en yüksek müşteriler"},
    },
    "part": {
        "acknowledge": {"en": "acknowledge", "tr": "kabul et"},
        "apology": {"en": "apologise", "tr": "özür dile"},
        "sympathy": {"en": "sympathy", "tr": "anlayış göster"},
        "explain_cause": {"en": "explain the cause", "tr": "nedeni açıkla"},
        "corrective_action": {"en": "corrective action", "tr": "düzeltici adım"},
        "refund": {"en": "refund", "tr": "iade"},
        "compensation": {"en": "compensation", "tr": "tazminat"},
        "thank": {"en": "thank", "tr": "teşekkür et"},
        "ask_details": {"en": "ask for details", "tr": "ayrıntı iste"},
        "deny": {"en": "deny", "tr": "inkâr et"},
        "justify": {"en": "justify", "tr": "gerekçe göster"},
        "excuse": {"en": "excuse", "tr": "mazeret göster"},
        "attack_accuser": {"en": "attack the accuser", "tr": "suçlayana saldır"},
    },
    "tone": {
        "human": {"en": "human", "tr": "samimi"},
        "formal": {"en": "formal", "tr": "resmî"},
        "defensive": {"en": "defensive", "tr": "savunmacı"},
    },
}

#: What the company's page says for each message part (shown in the simulated thread).
PART_PHRASES: dict[str, dict[str, str]] = {
    "acknowledge": {"en": "We have seen your posts: this month's invoices show the wrong tax.",
                    "tr": "Gönderilerinizi gördük: bu ayın faturalarında vergi yanlış."},
    "apology": {"en": "We are sorry.", "tr": "Özür dileriz."},
    "sympathy": {"en": "We understand how upsetting this is.",
                 "tr": "Bunun ne kadar can sıkıcı olduğunu anlıyoruz."},
    "explain_cause": {"en": "An outdated tax table in our billing software caused it.",
                      "tr": "Faturalama yazılımımızdaki güncel olmayan bir vergi tablosu "
                            "buna yol açtı."},
    "corrective_action": {"en": "The invoices are being corrected now.",
                          "tr": "Faturalar şu anda düzeltiliyor."},
    "refund": {"en": "Every overcharged lira will be returned to your account.",
               "tr": "Fazla alınan her lira hesabınıza iade edilecek."},
    "compensation": {"en": "We add a credit of {amount} {currency} to say sorry.",
                     "tr": "Özrümüzün ifadesi olarak {amount} {currency} hediye ekliyoruz."},
    "thank": {"en": "Thank you for telling us.", "tr": "Bize bildirdiğiniz için teşekkürler."},
    "ask_details": {"en": "Please send us your customer number in a private message.",
                    "tr": "Lütfen müşteri numaranızı özel mesajla gönderin."},
    "deny": {"en": "There is no error in our invoices.",
             "tr": "Faturalarımızda bir hata yoktur."},
    "justify": {"en": "Tax amounts are set by the authorities, not by us.",
                "tr": "Vergi tutarlarını biz değil, yetkili kurumlar belirler."},
    "excuse": {"en": "Our supplier's system caused this.",
               "tr": "Buna tedarikçimizin sistemi yol açtı."},
    "attack_accuser": {"en": "This post spreads false claims about us.",
                       "tr": "Bu gönderi hakkımızda asılsız iddialar yayıyor."},
}

#: Comment texts in the simulated thread, by polarity (the simulation sets the mix). Each
#: text has what must have happened by that hour for it to be said (:data:`COMMENT_NEEDS`).
COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "negative": {
        "en": ("Same here, 5% extra on my bill. Thieves!",
               "Bloodsuckers. Refund it today or I cancel.",
               "They must do this every month. Checking my old bills now.",
               "Is this even going to the state or are they keeping it?",
               "Called the call centre, gave up after 20 minutes on hold.",
               "I'm done with this company. Switching this week.",
               "Not a single word from them. Typical.",
               "My paper bill just came. Same error!",
               "A post is not enough. Where is my money?"),
        "tr": ("Bende de aynısı, faturada %5 fazla. Hırsızlar!",
               "Kan emiciler. Bugün iade edin yoksa iptal ediyorum.",
               "Bunu her ay yapıyorlardır. Eski faturalarıma bakıyorum.",
               "Bu para devlete mi gidiyor, yoksa kendileri mi tutuyor?",
               "Çağrı merkezini aradım, 20 dakika bekleyip kapattım.",
               "Bu şirketle işim bitti. Bu hafta değiştiriyorum.",
               "Tek kelime açıklama yok. Her zamanki gibi.",
               "Kâğıt faturam şimdi geldi. Aynı hata!",
               "Bir gönderi yetmez. Param nerede?"),
    },
    "neutral": {
        "en": ("Has anyone found out how to get the money back?", "Is this only on e-bills?",
               "Waiting to see what the company says.", "How much is 5% on a 250 TL bill?",
               "Does this affect business lines too?",
               "Did anyone get the refund yet, or only the promise?"),
        "tr": ("Parayı nasıl geri alacağımızı bulan oldu mu?", "Bu sadece e-faturada mı var?",
               "Şirketin ne diyeceğini bekliyorum.", "250 TL'lik faturada %5 ne ediyor?",
               "Kurumsal hatlarda da var mı?",
               "İadeyi alan oldu mu, yoksa şimdilik sadece söz mü?"),
    },
    "positive": {
        "en": ("Got the refund already, thanks for sorting it out.",
               "At least they admitted it and explained what happened.",
               "The SMS came before my paper bill. Appreciated.",
               "Mistakes happen; the fix was quick.", "Good answer from the social team.",
               "Ten years with them and never a problem before. Let's see.",
               "Everyone makes mistakes; let's not blow this up."),
        "tr": ("İadem geldi bile, hallettiğiniz için teşekkürler.",
               "En azından kabul edip ne olduğunu açıkladılar.",
               "SMS kâğıt faturamdan önce geldi. Teşekkürler.",
               "Hata olur; düzeltme hızlıydı.", "Sosyal medya ekibinden güzel cevap.",
               "On yıldır bu şirketleyim, daha önce hiç sorun yaşamadım. Bakalım.",
               "Herkes hata yapabilir, abartmayalım."),
    },
}

#: What must be true by the comment's hour for it to be said, per text (same order as
#: :data:`COMMENTS`): ``silent`` (the company has said nothing in public yet), ``public``
#: (it has), ``admitted`` (a public message acknowledged or explained), ``fixed`` (a
#: corrective action was announced), ``refund`` (a refund was sent), ``sms`` (an SMS went
#: out before the paper bills), ``paper`` (paper bills have begun to arrive). An empty
#: tuple: any time.
COMMENT_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "negative": ((), (), (), (), (), (), ("silent",), ("paper",), ("public",)),
    "neutral": ((), (), ("silent",), (), (), ("public",)),
    "positive": (("refund",), ("admitted",), ("sms", "paper"), ("fixed",), ("public",), (),
                 ()),
}

#: Figure titles, axis labels (with units) and legends.
FIGURES: dict[str, dict[str, str]] = {
    "hours": {"en": "Hours since the post (h)", "tr": "Gönderiden bu yana saat (sa)"},
    "sentiment_title": {"en": "Customer sentiment (mean, 95% band)",
                        "tr": "Müşteri duygusu (ortalama, %95 bant)"},
    "sentiment_y": {"en": "Sentiment (-1 angry … +1 pleased)",
                    "tr": "Duygu (-1 öfkeli … +1 memnun)"},
    "plan": {"en": "Your plan", "tr": "Planınız"},
    "baseline": {"en": "No response", "tr": "Hiç tepki yok"},
    "action": {"en": "your steps", "tr": "adımlarınız"},
    "thread_title": {"en": "New comments on the thread per hour, by tone",
                     "tr": "Tartışmaya saatte gelen yeni yorumlar, tonuna göre"},
    "thread_y": {"en": "Comments per hour", "tr": "Saatte yorum"},
    "negative": {"en": "negative", "tr": "olumsuz"},
    "neutral": {"en": "neutral", "tr": "nötr"},
    "positive": {"en": "positive", "tr": "olumlu"},
    "baseline_negative": {"en": "negative, no response", "tr": "olumsuz, hiç tepki yok"},
    "churn_title": {"en": "Customers who left (cumulative, 95% band)",
                    "tr": "Ayrılan müşteriler (birikimli, %95 bant)"},
    "churn_y": {"en": "Customers (people)", "tr": "Müşteri (kişi)"},
    "complaints_title": {"en": "Complaints by channel, and calls to the call centre",
                         "tr": "Kanala göre şikâyetler ve çağrı merkezine gelen çağrılar"},
    "complaints_y": {"en": "Complaints per hour", "tr": "Saatte şikâyet"},
    "calls_y": {"en": "Calls per hour", "tr": "Saatte çağrı"},
    "served_calls": {"en": "answered", "tr": "yanıtlanan"},
    "abandoned_calls": {"en": "gave up", "tr": "vazgeçilen"},
    "call_center": {"en": "call centre", "tr": "çağrı merkezi"},
    "email": {"en": "e-mail", "tr": "e-posta"},
    "facebook": {"en": "Facebook", "tr": "Facebook"},
    "twitter": {"en": "X/Twitter", "tr": "X/Twitter"},
    "cost_title": {"en": "Money spent on the response (cumulative)",
                   "tr": "Müdahaleye harcanan para (birikimli)"},
    "cost_y": {"en": "Cost ({currency})", "tr": "Maliyet ({currency})"},
    "score_title": {"en": "What the crisis cost, part by part (points; 0 is best)",
                    "tr": "Krizin maliyeti, kalem kalem (puan; en iyisi 0)"},
    "points": {"en": "Points (thousands of {currency}, negated)",
               "tr": "Puan (bin {currency}, eksi işaretli)"},
    "bought_title": {"en": "Points each step bought (score with it minus without it)",
                     "tr": "Her adımın kazandırdığı puan (adımlı puan eksi adımsız puan)"},
    "bought_x": {"en": "Points bought (higher is better)",
                 "tr": "Kazandırılan puan (yüksek olan iyi)"},
}

#: The bundled reference plans' names (``name:`` in ``scenarios/<id>/plans/*.yaml``) in both
#: languages; a student's own plan keeps the name they gave it.
PLAN_NAMES: dict[str, dict[str, str]] = {
    "Fresh fruit spoils: that's life": {"en": "Fresh fruit spoils: that's life",
                                        "tr": "Taze meyve bozulur: hayat bu"},
    "Accommodating public reply, then a follow-up": {
        "en": "Accommodating public reply, then a follow-up",
        "tr": "Uzlaşmacı herkese açık yanıt, ardından takip"},
    "Apologise and refund anyway": {"en": "Apologise and refund anyway",
                                    "tr": "Yine de özür dile ve iade et"},
    "Careful Fellegi-Sunter": {"en": "Careful Fellegi-Sunter",
                               "tr": "Temkinli Fellegi-Sunter"},
    "Correct with evidence": {"en": "Correct with evidence", "tr": "Kanıtla düzelt"},
    "Deny and justify (counter-example)": {"en": "Deny and justify (counter-example)",
                                           "tr": "İnkâr et ve gerekçe göster (karşı örnek)"},
    "Department inboxes, no tracking": {"en": "Department inboxes, no tracking",
                                        "tr": "Birim gelen kutuları, takip yok"},
    "Exact rules, looked up before replying": {
        "en": "Exact rules, looked up before replying",
        "tr": "Kesin kurallar, yanıt vermeden önce bakılır"},
    "Fix fast and SMS everyone": {"en": "Fix fast and SMS everyone",
                                  "tr": "Hızla düzelt, herkese SMS gönder"},
    "Recall first (loose Fellegi-Sunter)": {"en": "Recall first (loose Fellegi-Sunter)",
                                            "tr": "Önce duyarlılık (gevşek Fellegi-Sunter)"},
    "Root cause, transparent apology, engage, then PR": {
        "en": "Root cause, transparent apology, engage, then PR",
        "tr": "Kök neden, açık özür, etkileşim, sonra halkla ilişkiler"},
    "Silence": {"en": "Silence", "tr": "Sessizlik"},
    "The cynic (do nothing)": {"en": "The cynic (do nothing)",
                               "tr": "Kayıtsız (hiçbir şey yapma)"},
    "The designed process": {"en": "The designed process", "tr": "Tasarlanmış süreç"},
    "What Dark Horse did (two dismissive replies)": {
        "en": "What Dark Horse did (two dismissive replies)",
        "tr": "Dark Horse'un yaptığı (iki küçümseyici yanıt)"},
    "What the bank did": {"en": "What the bank did", "tr": "Bankanın yaptığı"},
    "What the cafeteria did (agree, apologise, fix; then own it again)": {
        "en": "What the cafeteria did (agree, apologise, fix; then own it again)",
        "tr": "Kafeteryanın yaptığı (kabul et, özür dile, düzelt; sonra yine sahiplen)"},
    "What the competitor did": {"en": "What the competitor did",
                                "tr": "Rakibin yaptığı"},
    "What the retailer did": {"en": "What the retailer did", "tr": "Perakendecinin yaptığı"},
    "No response (baseline)": {"en": "No response (baseline)",
                               "tr": "Hiç tepki yok (karşılaştırma tabanı)"},
    "no response": {"en": "no response", "tr": "hiç tepki yok"},
    "No response": {"en": "No response", "tr": "Hiç tepki yok"},
}

#: Feedback in words, each tied to the theory it rests on. ``{...}`` are filled from the run.
FEEDBACK: dict[str, dict[str, str]] = {
    "silent_long": {
        "en": "You stayed silent in public for {hours:g} hours while the thread grew from "
              "{start:,} to {grown:,} comments. Facebook complainers expect an answer within "
              "3-6 hours; every hour of silence lets the angriest voices set the story.",
        "tr": "Tartışma {start:,} yorumdan {grown:,} yoruma çıkarken {hours:g} saat boyunca "
              "kamuoyu önünde sessiz kaldınız. Facebook'ta şikâyet edenler 3-6 saat içinde "
              "yanıt bekler; her sessiz saat hikâyeyi en öfkeli seslere bırakır.",
        "source": "Istanbulluoglu 2017; van Noort & Willemsen 2012"},
    "never_public": {
        "en": "You never answered in public. The thread grew from {start:,} to {grown:,} "
              "comments with only the customers' side of the story.",
        "tr": "Kamuoyu önünde hiç yanıt vermediniz. Tartışma yalnızca müşterilerin "
              "anlattığıyla {start:,} yorumdan {grown:,} yoruma çıktı.",
        "source": "van Noort & Willemsen 2012; Istanbulluoglu 2017"},
    "fast_public": {
        "en": "You answered in public at hour {hours:g}, while the thread was still "
              "young ({grown:,} comments). A fast first reply limits how far anger spreads.",
        "tr": "Tartışma henüz gençken ({grown:,} yorum), {hours:g}. saatte kamuoyu önünde "
              "yanıt verdiniz. Hızlı bir ilk yanıt öfkenin yayılmasını sınırlar.",
        "source": "Istanbulluoglu 2017; van Noort & Willemsen 2012"},
    "mixed_deny": {
        "en": "You mixed denial with an apology or a fix (step {step}). Denying a real "
              "failure while rebuilding makes both sound insincere: never mix deny with "
              "rebuild.",
        "tr": "İnkârı özür ya da düzeltmeyle karıştırdınız ({step}. adım). Gerçek bir hatayı "
              "inkâr ederken onarmaya çalışmak ikisini de samimiyetsiz gösterir: inkâr ile "
              "yeniden inşa stratejileri karıştırılmaz.",
        "source": "Coombs 2007 (SCCT)"},
    "deny_real_failure": {
        "en": "You denied a real billing error (step {step}). Denial fits only rumours; "
              "customers can see the wrong tax on their own bill.",
        "tr": "Gerçek bir faturalama hatasını inkâr ettiniz ({step}. adım). İnkâr yalnızca "
              "söylentilere uyar; müşteriler yanlış vergiyi kendi faturalarında görüyor.",
        "source": "Coombs 2007 (SCCT)"},
    "paper_late": {
        "en": "Paper-bill customers heard from you only at hour {hour:g}, after their bills "
              "began to arrive (hour {first:g}). They found the error themselves: no "
              "stealing thunder.",
        "tr": "Kâğıt fatura müşterileri sizden ancak {hour:g}. saatte, faturaları gelmeye "
              "başladıktan sonra ({first:g}. saat) haber aldı. Hatayı kendileri buldular: "
              "ilk söyleyen siz olmadınız, önce davranmanın (stealing thunder) kazancı yok.",
        "source": "Arpan & Roskos-Ewoldsen 2005; Claeys et al. 2016"},
    "paper_never": {
        "en": "You never told paper-bill customers directly. Their bills arrive from hour "
              "{first:g} to hour {last:g}, and each of them finds the error alone.",
        "tr": "Kâğıt fatura müşterilerine hiç doğrudan haber vermediniz. Faturaları {first:g}. "
              "ile {last:g}. saat arasında geliyor ve her biri hatayı kendi başına buluyor.",
        "source": "Arpan & Roskos-Ewoldsen 2005"},
    "paper_early": {
        "en": "Paper-bill customers heard from you at hour {hour:g}, before their bills "
              "arrived (hour {first:g}): you stole the thunder, which softens the blow.",
        "tr": "Kâğıt fatura müşterileri faturaları gelmeden ({first:g}. saat) önce, {hour:g}. "
              "saatte sizden haber aldı: ilk söyleyen siz oldunuz; bu, darbeyi yumuşatır.",
        "source": "Arpan & Roskos-Ewoldsen 2005; Claeys et al. 2016"},
    "defensive": {
        "en": "Step {step} is in a defensive tone. Defensive replies to complainers bring "
              "more negative word of mouth, not less.",
        "tr": "{step}. adım savunmacı bir tonda. Şikâyet edenlere savunmacı yanıtlar daha az "
              "değil, daha çok olumsuz ağızdan ağıza iletişim getirir.",
        "source": "Weitzl 2019"},
    "no_refund": {
        "en": "Customers lost money ({rate:g}% of their bill), but no step gives it back. "
              "Redress through a refund is what restores a sense of fairness.",
        "tr": "Müşteriler para kaybetti (faturalarının %{rate:g} kadarı), ama hiçbir adım bunu "
              "geri vermiyor. Adalet duygusunu geri getiren, iade yoluyla telafidir.",
        "source": "Gelbrich & Roschk 2011"},
    "ask_details_only": {
        "en": "Step {step} only asks for details. Asking complainers for their details did "
              "not calm them; corrective action did.",
        "tr": "{step}. adım yalnızca ayrıntı istiyor. Şikâyet edenlerden ayrıntı istemek "
              "onları yatıştırmadı; düzeltici adım yatıştırdı.",
        "source": "Einwiller & Steilen 2015"},
    "abandoned_calls": {
        "en": "{share:.0f} of every 100 callers gave up waiting ({calls:,.0f} abandoned "
              "calls). Callers who cannot get through grow angrier and some go public: add "
              "call-centre agents or answer them on other channels.",
        "tr": "Arayanların yüzde {share:.0f} kadarı beklemekten vazgeçti ({calls:,.0f} "
              "yarım kalan çağrı). Ulaşamayan arayanlar daha da öfkelenir, bir kısmı şikâyetini "
              "herkese açık yapar: çağrı merkezine kişi ekleyin ya da onlara başka "
              "kanallardan yanıt verin.",
        "source": "Davidow 2003 (timeliness); queueing with impatient callers"},
    "compensation_large": {
        "en": "You offer {amount:g} {currency} per customer. Compensation has diminishing "
              "returns: {amount:g} {currency} buys {share:.0f}% of the most compensation can "
              "do; {half:g} {currency} would already buy {half_share:.0f}%.",
        "tr": "Müşteri başına {amount:g} {currency} veriyorsunuz. Tazminatın getirisi "
              "azalarak artar: {amount:g} {currency}, tazminatın yapabileceğinin yüzde "
              "{share:.0f} kadarını sağlıyor; {half:g} {currency} bile yüzde "
              "{half_share:.0f} kadarını sağlardı.",
        "source": "Gelbrich & Roschk 2011"},
    "better_than_nothing": {
        "en": "Against doing nothing, your plan kept {kept:,.0f} customers (churn "
              "{plan:.2f}% against {base:.2f}%) and changed the score by {points:+,.0f} points.",
        "tr": "Hiçbir şey yapmamaya göre planınız {kept:,.0f} müşteriyi elde tuttu (kayıp "
              "%{plan:.2f}, hiç tepki yokken %{base:.2f}) ve puanı {points:+,.0f} değiştirdi.",
        "source": "casekit (docs/model.md)"},
    "worse_than_nothing": {
        "en": "Your plan did worse than doing nothing: {lost:,.0f} more customers left "
              "(churn {plan:.2f}% against {base:.2f}%), score {points:+,.0f} points.",
        "tr": "Planınız hiçbir şey yapmamaktan kötü sonuç verdi: {lost:,.0f} müşteri daha "
              "ayrıldı (kayıp %{plan:.2f}, hiç tepki yokken %{base:.2f}), puan "
              "{points:+,.0f}.",
        "source": "casekit (docs/model.md)"},
}


def t(key: str, language: str = "en", **values: object) -> str:
    """One text in ``language`` (English if missing), with ``values`` filled in (numbers in
    the language's style, :func:`casekit.text.formats.fill`)."""
    texts = STRINGS[key]
    text = texts.get(language) or texts["en"]
    if not values:
        return text
    from casekit.text.formats import fill
    return fill(text, language, **values)


def figure_text(key: str, language: str = "en", **values: object) -> str:
    """One figure label in ``language`` (English if missing), with ``values`` filled in."""
    texts = FIGURES.get(key) or STRINGS[key]
    text = texts.get(language) or texts["en"]
    if not values:
        return text
    from casekit.text.formats import fill
    return fill(text, language, **values)


def plan_name(name: str, language: str = "en") -> str:
    """A plan's name in ``language``: a bundled reference plan's from :data:`PLAN_NAMES`,
    any other (a student's own) as written."""
    texts = PLAN_NAMES.get(name.strip())
    if texts is None:
        return name
    return texts.get(language) or texts["en"]


def label(kind: str, name: str, language: str = "en") -> str:
    """The classroom name of a channel, audience, message part (``part``) or tone."""
    texts = VOCABULARY[kind].get(name)
    if texts is None:
        return name
    return texts.get(language) or texts["en"]


def describe_action(action: Any, language: str = "en", currency: str = "TL") -> str:
    """One step of a plan as a line in ``language``: the hour, the channel, the audience, the
    message parts and the tone in the classroom's words (the workbench, the plan builder and
    the class debrief all write steps this way)."""
    if action.staff is not None:
        return t("staff_line", language, at=float(action.at), agents=action.staff.agents,
                 channel=label("channel", action.staff.channel, language),
                 hours=float(action.staff.hours))
    extra = t("each", language, amount=float(action.compensation), currency=currency) \
        if action.compensation else ""
    if action.until is not None:
        extra += t("until_line", language, until=float(action.until))
    parts = " + ".join(label("part", p, language) for p in action.message)
    return t("message_line", language, at=float(action.at),
             channel=label("channel", action.channel or "", language),
             audience=label("audience", action.audience or "", language), parts=parts,
             tone=label("tone", action.tone, language), extra=extra)
