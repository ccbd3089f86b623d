"""Every text the workshop pages show, in English and Turkish."""

from __future__ import annotations

from casekit.case import Text

__all__ = ["TEXTS", "tt", "generic_inject"]

TEXTS: dict[str, dict[str, str]] = {
    "paused": {"en": "(paused)", "tr": "(duraklatıldı)"},
    "phase_briefing": {"en": "not started", "tr": "başlamadı"},
    "phase_open": {"en": "deciding", "tr": "karar zamanı"},
    "phase_results": {"en": "results", "tr": "sonuçlar"},
    "phase_hotwash": {"en": "hot wash", "tr": "değerlendirme"},
    "round_of": {"en": "Round {n} of {k}", "tr": "Tur {n} / {k}"},
    "hours_span": {"en": "hours {start} to {end}", "tr": "{start}. saatten {end}. saate"},
    "briefing": {"en": "The facilitator has not published the first inject yet. Read the case "
                 "while you wait.",
                 "tr": "Kolaylaştırıcı ilk gelişmeyi henüz yayımlamadı. Beklerken vakayı okuyun."},
    "score_so_far": {"en": "Points so far", "tr": "Şimdiye kadarki puan"},
    "doing_nothing": {"en": "doing nothing", "tr": "hiçbir şey yapmamak"},
    "where_you_stand": {"en": "Where you stand at hour {hour}",
                        "tr": "{hour}. saatte durumunuz"},
    "no_decision": {"en": "No decision yet: no decision by the deadline means no action.",
                    "tr": "Henüz karar yok: süre bitene kadar karar verilmezse hiçbir adım "
                    "atılmaz."},
    "remove": {"en": "remove", "tr": "kaldır"},
    "settings_given": {"en": "settings given", "tr": "ayarlar verildi"},
    "entered_by_facilitator": {"en": "entered by the facilitator",
                               "tr": "kolaylaştırıcı girdi"},
    "team_n": {"en": "Team {n}", "tr": "Takım {n}"},
    "team": {"en": "Team", "tr": "Takım"},
    "teams": {"en": "Teams", "tr": "Takımlar"},
    "leaderboard_at": {"en": "Leaderboard at hour {hour}", "tr": "{hour}. saatte sıralama"},
    "points": {"en": "Points", "tr": "Puan"},
    "vs_nothing": {"en": "against doing nothing", "tr": "hiçbir şey yapmamaya göre"},
    "consequences": {"en": "What happened", "tr": "Ne oldu"},
    "card_head": {"en": "Round {n} is locked. From hour {start} to {end} your points changed by "
                  "{points} (doing nothing: {nothing}). Played on to the end of the case, "
                  "your plan so far:",
                  "tr": "{n}. tur kilitlendi. {start}. saatten {end}. saate puanınız {points} "
                  "değişti (hiçbir şey yapmamak: {nothing}). Vakanın sonuna kadar "
                  "oynatıldığında şimdiye kadarki planınız:"},
    "your_decisions": {"en": "Your decisions this round", "tr": "Bu turdaki kararlarınız"},
    "hotwash_wait": {"en": "The last round is locked. The facilitator now leads the hot wash.",
                     "tr": "Son tur kilitlendi. Şimdi kolaylaştırıcı değerlendirmeyi yönetiyor."},
    "at_hour": {"en": "At hour", "tr": "Saat"},
    "send_message": {"en": "Send a message", "tr": "Mesaj gönder"},
    "channel": {"en": "Channel", "tr": "Kanal"},
    "audience": {"en": "Audience", "tr": "Hedef kitle"},
    "tone": {"en": "Tone", "tr": "Ton"},
    "compensation": {"en": "Compensation per customer", "tr": "Müşteri başına tazminat"},
    "add_message": {"en": "Add message", "tr": "Mesajı ekle"},
    "add_staff_title": {"en": "Add staff", "tr": "Personel ekle"},
    "agents": {"en": "People", "tr": "Kişi"},
    "for_hours": {"en": "for hours", "tr": "kaç saat"},
    "add_staff": {"en": "Add staff", "tr": "Personeli ekle"},
    "yaml_title": {"en": "Or write actions as in a plan file",
                   "tr": "Ya da adımları plan dosyasındaki gibi yazın"},
    "yaml_help": {"en": "YAML with actions: [...] and, for cases that have them, settings: {...}",
                  "tr": "actions: [...] ve gerekiyorsa settings: {...} içeren YAML"},
    "add_yaml": {"en": "Add these actions", "tr": "Bu adımları ekle"},
    "team_locked": {"en": "The facilitator has locked your team for this round.",
                    "tr": "Kolaylaştırıcı bu tur için takımınızı kilitledi."},
    "time_up": {"en": "Time is up: decisions you did not enter are not taken (no decision "
                "means no action).",
                "tr": "Süre doldu: girmediğiniz kararlar alınmadı (karar yoksa adım da yok)."},
    "joined": {"en": "joined", "tr": "katıldı"},
    "not_joined": {"en": "not joined", "tr": "katılmadı"},
    "locked": {"en": "locked", "tr": "kilitli"},
    "hotwash_open": {"en": "Open the hot wash (one HTML file)",
                     "tr": "Değerlendirmeyi aç (tek HTML dosyası)"},
    "join_at": {"en": "Teams join at", "tr": "Takımlar buradan katılır"},
    "publish_first": {"en": "Publish the first inject", "tr": "İlk gelişmeyi yayımla"},
    "publish_next": {"en": "Publish the next inject", "tr": "Sonraki gelişmeyi yayımla"},
    "lock_round": {"en": "Lock the round", "tr": "Turu kilitle"},
    "publish_early": {"en": "Lock and publish the next inject now",
                      "tr": "Kilitle ve sonraki gelişmeyi şimdi yayımla"},
    "pause": {"en": "Pause", "tr": "Duraklat"},
    "resume": {"en": "Resume", "tr": "Sürdür"},
    "extend": {"en": "+2 min", "tr": "+2 dk"},
    "shorten": {"en": "-1 min", "tr": "-1 dk"},
    "undo": {"en": "Undo the last round", "tr": "Son turu geri al"},
    "show_board": {"en": "Show the leaderboard", "tr": "Sıralamayı göster"},
    "hide_board": {"en": "Hide the leaderboard", "tr": "Sıralamayı gizle"},
    "reserve_title": {"en": "Pressure injects in reserve", "tr": "Yedekteki baskı gelişmeleri"},
    "add_reserve": {"en": "Add to this round", "tr": "Bu tura ekle"},
    "added": {"en": "added", "tr": "eklendi"},
    "edit_inject": {"en": "Edit the inject of round {n}", "tr": "{n}. turun gelişmesini düzenle"},
    "save": {"en": "Save", "tr": "Kaydet"},
    "lock_team": {"en": "Lock", "tr": "Kilitle"},
    "unlock_team": {"en": "Unlock", "tr": "Kilidi aç"},
    "release": {"en": "Release the laptop", "tr": "Bilgisayarı serbest bırak"},
    "for_team": {"en": "For", "tr": "Takım"},
    "enter_for_team": {"en": "Enter a team's decision for them",
                       "tr": "Bir takımın kararını onun yerine gir"},
    "facilitator": {"en": "Facilitator", "tr": "Kolaylaştırıcı"},
    "taken": {"en": "taken", "tr": "dolu"},
    "join_title": {"en": "Join the workshop", "tr": "Atölyeye katıl"},
    "join_help": {"en": "Pick your team. One laptop per team: once taken, a team is closed to "
                  "other laptops.",
                  "tr": "Takımınızı seçin. Her takıma bir bilgisayar: seçilen takım başka "
                  "bilgisayarlara kapanır."},
    "back_to_join": {"en": "Back to the team list", "tr": "Takım listesine dön"},
    "no_action": {"en": "no action", "tr": "adım yok"},
    "round": {"en": "Round", "tr": "Tur"},
    "hours": {"en": "Hours", "tr": "Saatler"},
    "inject": {"en": "Inject", "tr": "Gelişme"},
    "decisions": {"en": "Decisions", "tr": "Kararlar"},
    "points_at_end": {"en": "Points at the round's end", "tr": "Tur sonunda puan"},
    "bought": {"en": "What these decisions bought", "tr": "Bu kararların kazandırdığı"},
    "hotwash": {"en": "Hot wash", "tr": "Değerlendirme"},
    "seed_line": {"en": "seed {seed}, {teams} teams, {customers} customers",
                  "tr": "tohum {seed}, {teams} takım, {customers} müşteri"},
    "final_ranking": {"en": "Final ranking (whole horizon)", "tr": "Son sıralama (tüm süre)"},
    "bought_help": {"en": "What a round's decisions bought: the team's final points minus the "
                    "points of the same plan without that round's decisions, on the same "
                    "random numbers; \"alone\" beside a decision: the same without that one "
                    "action.",
                    "tr": "Bir turun kararlarının kazandırdığı: takımın son puanı eksi aynı "
                    "planın o turun kararları olmadan, aynı rastgele sayılarla aldığı puan; bir "
                    "kararın yanındaki \"tek başına\": yalnızca o adım olmadan aynısı."},
    "final_score": {"en": "Final points", "tr": "Son puan"},
    "questions": {"en": "Discussion questions", "tr": "Tartışma soruları"},
    "question_bought": {"en": "Which single decision bought your team the most, and would you "
                        "take it earlier next time?",
                        "tr": "Takımınıza en çok kazandıran karar hangisiydi ve bir dahaki sefere "
                        "onu daha erken alır mıydınız?"},
    "not_your_team": {"en": "This laptop has not joined a team (or the facilitator released "
                      "it). Pick your team again.",
                      "tr": "Bu bilgisayar bir takıma katılmadı (ya da kolaylaştırıcı serbest "
                      "bıraktı). Takımınızı yeniden seçin."},
    "wrong_key": {"en": "This page needs the facilitator's address, with its key, as printed "
                  "when the workshop started.",
                  "tr": "Bu sayfa, atölye başlarken yazdırılan anahtarlı kolaylaştırıcı "
                  "adresini gerektirir."},
    "bought_alone": {"en": "alone: {points}", "tr": "tek başına: {points}"},
    "refused": {"en": "Not taken:", "tr": "Kabul edilmedi:"},
    "staff_line": {"en": "h{at} · +{agents} people on {channel} for {hours} h",
                   "tr": "h{at} · {channel} için +{agents} kişi, {hours} saat"},
    "each": {"en": "{amount} each", "tr": "kişi başı {amount}"},
    "bad_number": {"en": "{field}: expected a number", "tr": "{field}: bir sayı bekleniyordu"},
    "effect_second_post": {"en": "In the model, once the round is locked: a second viral post "
                           "restarts the thread at hour {hour} (about {comments} first "
                           "comments, {negative_share} of them angry).",
                           "tr": "Modelde, tur kilitlenince: ikinci bir viral paylaşım "
                           "{hour}. saatte yazışmayı yeniden başlatır (yaklaşık {comments} ilk "
                           "yorum, {negative_share} kadarı öfkeli)."},
    "marks_help": {"en": "Grey lines: the hours at which a published inject changed the model.",
                   "tr": "Gri çizgiler: yayımlanan bir gelişmenin modeli değiştirdiği saatler."},
    "local_only": {"en": "Only this computer can open this address. For the teams' laptops, "
                   "stop and start again with --lan.",
                   "tr": "Bu adresi yalnızca bu bilgisayar açabilir. Takımların bilgisayarları "
                   "için durdurup --lan ile yeniden başlatın."},
    "generic_title": {"en": "Hour {hour}", "tr": "{hour}. saat"},
    "generic_text": {"en": "The crisis goes on. Look at where you stand and decide what to do "
                     "in the hours ahead.",
                     "tr": "Kriz sürüyor. Nerede durduğunuza bakın ve önümüzdeki saatlerde ne "
                     "yapacağınıza karar verin."},
}


def tt(key: str, language: str = "en", **values: object) -> str:
    """One workshop text in ``language`` (English if missing), with ``values`` filled in."""
    texts = TEXTS[key]
    text = texts.get(language) or texts["en"]
    return text.format(**values) if values else text


def generic_inject(hour: float) -> tuple[Text, Text]:
    """The inject of a round the scenario wrote none for."""
    return (Text(en=tt("generic_title", "en", hour=f"{hour:g}"),
                 tr=tt("generic_title", "tr", hour=f"{hour:g}")),
            Text(en=tt("generic_text", "en"), tr=tt("generic_text", "tr")))
