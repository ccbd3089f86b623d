"""What a bad file or value is told, in both languages.

The loader (:mod:`casekit.files`), the plan's validators (:mod:`casekit.plan`) and the
scenario's bounds (:mod:`casekit.case`) build their messages with :func:`said`, which fills a
text of :data:`ERRORS` in English and in Turkish. The English text is what ``str()`` of the
error shows (the command line's one line, ``rejected.csv``'s ``reason``); the Turkish is
:meth:`casekit.errors.InputError.text` in Turkish (``casekit validate --lang tr``, the
``reason_tr`` column and a Turkish debrief). The checks pydantic makes by itself (a missing
field, a number below its bound) get their Turkish from :data:`PYDANTIC` by their type.

A message a validator writes without :func:`said` (a kind's own checks) stays English in
both: :func:`turkish` then returns None and the English is shown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ERRORS", "KINDS_OF_VALUE", "LINE", "OS_REASONS", "PYDANTIC", "Said", "kind_of_value",
           "number_g", "os_reason", "pydantic_text", "said", "turkish", "where_in", "YAML_PROBLEMS",
           "yaml_problem", "JSON_PROBLEMS", "json_problem"]

#: Every message of the loader and the plan's checks. A text that starts with a field
#: (``"audience: ..."``) is about that field; the error's path then names it.
ERRORS: dict[str, dict[str, str]] = {
    # -- reading a file (casekit.files)
    "cannot_read": {"en": "cannot be read ({error})",
                    "tr": "okunamıyor ({error})"},
    "not_a_file": {"en": "expected a file",
                   "tr": "bir dosya bekleniyordu"},
    "file_too_large": {"en": "file is {size} bytes; expected at most {limit}",
                       "tr": "dosya {size:,} bayt; en çok {limit:,} bayt bekleniyordu"},
    "file_grew": {"en": "file is more than {limit} bytes",
                  "tr": "dosya {limit:,} bayttan büyük"},
    "not_utf8": {"en": "expected UTF-8 text",
                 "tr": "UTF-8 metin bekleniyordu"},
    "text_too_long": {"en": "text is {size} characters; expected at most {limit}",
                      "tr": "metin {size:,} karakter; en çok {limit:,} karakter bekleniyordu"},
    "too_deep": {"en": "nested more than {limit} levels deep",
                 "tr": "iç içe {limit} düzeyden daha derin"},
    "nested_too_deeply": {"en": "nested too deeply",
                          "tr": "çok derin iç içe"},
    "alias_loop": {"en": "an alias refers to the node that contains it",
                   "tr": "bir takma ad (*ad) kendisini içeren değeri gösteriyor"},
    "alias_bomb": {"en": "holds more than {limit:,} values once its aliases (*name) are "
                         "expanded; write the values out",
                   "tr": "takma adlar (*ad) açıldığında {limit:,} değerden fazlasını tutuyor; "
                         "değerleri açıkça yazın"},
    "duplicate_key": {"en": "key {key} is given twice in one mapping (first on line "
                            "{first}); keep one",
                      "tr": "{key} anahtarı aynı eşlemede iki kez verilmiş (ilki {first}. "
                            "satırda); birini bırakın"},
    "duplicate_json_key": {"en": "key {key} is given twice in one object; keep one",
                           "tr": "{key} anahtarı aynı nesnede iki kez verilmiş; birini "
                                 "bırakın"},
    "invalid_json": {"en": "invalid JSON ({problem})",
                     "tr": "geçersiz JSON ({problem})"},
    "invalid_yaml": {"en": "invalid YAML ({problem})",
                     "tr": "geçersiz YAML ({problem})"},
    "yaml_tag": {"en": "a YAML tag that is not plain data; plans and scenarios hold data only",
                 "tr": "düz veri olmayan bir YAML etiketi; planlar ve vakalar yalnızca veri "
                       "tutar"},
    "not_a_mapping": {"en": "expected a mapping of fields at the top, found {what}",
                      "tr": "en üstte alanlardan oluşan bir eşleme bekleniyordu, {what} "
                            "bulundu"},
    "too_many_digits": {"en": "a number of {digits} digits is too large; expected a number "
                              "of at most {limit} in size",
                        "tr": "{digits} basamaklı bir sayı çok büyük; büyüklüğü en çok "
                              "{limit} olan bir sayı bekleniyordu"},
    "too_large": {"en": "{value} is too large; expected a number of at most {limit} in size",
                  "tr": "{value} çok büyük; büyüklüğü en çok {limit} olan bir sayı "
                        "bekleniyordu"},
    "digits": {"en": "a number of {digits} digits",
               "tr": "{digits} basamaklı bir sayı"},
    "nan": {"en": "not a number (nan); expected a finite number",
            "tr": "sayı değil (nan); sonlu bir sayı bekleniyordu"},
    "infinite": {"en": "infinite; expected a finite number",
                 "tr": "sonsuz; sonlu bir sayı bekleniyordu"},
    # -- a plan's times and words (casekit.plan)
    "time_form": {"en": "expected a time such as 2, '90m', '2h' or '3d'",
                  "tr": "2, '90m', '2h' ya da '3d' gibi bir zaman bekleniyordu"},
    "time_form_got": {"en": "expected a time such as 2, '90m', '2h' or '3d', got {value}",
                      "tr": "2, '90m', '2h' ya da '3d' gibi bir zaman bekleniyordu, {value} "
                            "verilmiş"},
    "time_negative": {"en": "expected a time of zero hours or more (and not infinite)",
                      "tr": "sıfır ya da daha fazla saatlik (sonsuz olmayan) bir zaman "
                            "bekleniyordu"},
    "time_negative_got": {"en": "expected a time of zero hours or more (and not infinite); "
                                "got {value}",
                          "tr": "sıfır ya da daha fazla saatlik (sonsuz olmayan) bir zaman "
                                "bekleniyordu; {value} verilmiş"},
    "unknown_word": {"en": "unknown {field} {value}; expected one of {words}",
                     "tr": "bilinmeyen {field} değeri {value}; şunlardan biri bekleniyordu: "
                           "{words}"},
    "cannot_staff": {"en": "cannot staff {channel}; expected one of {words}",
                     "tr": "{channel} kanalına personel eklenemez; şunlardan biri "
                           "bekleniyordu: {words}"},
    "parts_list": {"en": "expected a list of message parts",
                   "tr": "mesaj parçalarından oluşan bir liste bekleniyordu"},
    "unknown_part": {"en": "unknown message part {value}; expected some of {words}",
                     "tr": "bilinmeyen mesaj parçası {value}; şunlardan bazıları "
                           "bekleniyordu: {words}"},
    "part_twice": {"en": "a message part is listed twice",
                   "tr": "bir mesaj parçası iki kez yazılmış"},
    "unknown_tone": {"en": "unknown tone {value}; expected one of {words}",
                     "tr": "bilinmeyen ton {value}; şunlardan biri bekleniyordu: {words}"},
    "staff_or_message": {"en": "staff: an action either adds staff or sends a message, "
                               "not both",
                         "tr": "staff: bir adım ya personel ekler ya da mesaj gönderir, "
                               "ikisini birden değil"},
    "no_channel": {"en": "channel: expected a channel (or staff: {{channel, agents, hours}})",
                   "tr": "channel: bir kanal bekleniyordu (ya da staff: {{channel, agents, "
                         "hours}})"},
    "no_parts": {"en": "message: expected at least one message part",
                 "tr": "message: en az bir mesaj parçası bekleniyordu"},
    "no_audience": {"en": "audience: expected an audience",
                    "tr": "audience: bir hedef kitle bekleniyordu"},
    "public_channel": {"en": "audience: {channel} is public; expected audience public or "
                             "followers",
                       "tr": "audience: {channel} herkese açık bir kanal; hedef kitle "
                             "public ya da followers bekleniyordu"},
    "one_by_one": {"en": "audience: {channel} reaches people one by one; audience public "
                         "applies to posts, the website and press releases",
                   "tr": "audience: {channel} kişilere tek tek ulaşır; public hedef kitlesi "
                         "gönderiler, web sitesi ve basın bültenleri içindir"},
    "reply_channel": {"en": "audience: {channel} answers people who complained; expected "
                            "audience complainers (to reach others, use sms, email or "
                            "paper_letter)",
                      "tr": "audience: {channel} şikâyet edenleri yanıtlar; hedef kitle "
                            "complainers bekleniyordu (başkalarına ulaşmak için sms, email "
                            "ya da paper_letter kullanın)"},
    "compensation_amount": {"en": "compensation: the message offers compensation; expected "
                                  "an amount per customer above 0",
                            "tr": "compensation: mesaj tazminat sunuyor; müşteri başına "
                                  "0'dan büyük bir tutar bekleniyordu"},
    "compensation_part": {"en": "message: compensation amount given; add 'compensation' to "
                                "message",
                          "tr": "message: tazminat tutarı verilmiş; message listesine "
                                "'compensation' ekleyin"},
    "until_before_at": {"en": "until: comes before at; expected a time at or after at",
                        "tr": "until: at'ten önce geliyor; at ile aynı ya da daha sonraki "
                              "bir zaman bekleniyordu"},
    "settings_size": {"en": "expected settings of at most {limit} bytes",
                      "tr": "en çok {limit:,} baytlık ayarlar bekleniyordu"},
    # -- a plan against its scenario (Plan.check)
    "plan_for_other": {"en": "plan is for {claimed}; expected {expected}",
                       "tr": "plan {claimed} vakası için yazılmış; {expected} bekleniyordu"},
    "beyond_horizon": {"en": "{at}h is beyond the {horizon}h horizon; expected a time "
                             "below {horizon}",
                       "tr": "{at} sa, vakanın {horizon} saatlik süresinin ötesinde; "
                             "{horizon}. saatten önce bir zaman bekleniyordu"},
    "cannot_staff_here": {"en": "cannot staff {channel} in this kind of case; expected one "
                                "of {words}",
                          "tr": "bu tür vakada {channel} kanalına personel eklenemez; "
                                "şunlardan biri bekleniyordu: {words}"},
    "not_in_case": {"en": "{value} does not apply to this case",
                    "tr": "{value} bu vakada kullanılamaz"},
    "not_in_case_expected": {"en": "{value} does not apply to this case; expected one of "
                                   "{words}",
                             "tr": "{value} bu vakada kullanılamaz; şunlardan biri "
                                   "bekleniyordu: {words}"},
    "tone_not_here": {"en": "{value} does not apply",
                      "tr": "{value} kullanılamaz"},
    "no_settings": {"en": "this kind of case takes no settings; remove the section",
                    "tr": "bu tür vaka ayar almaz; bu bölümü kaldırın"},
    # -- a scenario's numbers and ids (casekit.case, casekit.scenario)
    "out_of_bounds": {"en": "expected a number from {low} to {high}, got {value}",
                      "tr": "{low} ile {high} arasında bir sayı bekleniyordu, {value} "
                            "verilmiş"},
    "not_whole": {"en": "expected a whole number from {low} to {high}, got {value}",
                  "tr": "{low} ile {high} arasında bir tam sayı bekleniyordu, {value} "
                        "verilmiş"},
    "outside_range": {"en": "value {value} lies outside its range [{low}, {high}]",
                      "tr": "{value} değeri kendi aralığının ([{low}, {high}]) dışında"},
    "plan_scenario_not_id": {"en": "{value} is not a scenario id; expected an id such as "
                                   "isp-overbilling (see 'casekit scenarios'), never a path",
                             "tr": "{value} bir vaka kimliği değil; isp-overbilling gibi bir "
                                   "kimlik bekleniyordu ('casekit scenarios' listeler), asla "
                                   "bir dosya yolu değil"},
    "extends_not_id": {"en": "{value} is not a scenario id; expected the id of another "
                             "scenario (such as isp-overbilling), never a path",
                       "tr": "{value} bir vaka kimliği değil; başka bir vakanın kimliği "
                             "(isp-overbilling gibi) bekleniyordu, asla bir dosya yolu değil"},
    "extends_circular": {"en": "circular extends through {value}; expected a chain of "
                               "scenarios that ends",
                         "tr": "extends döngüye giriyor ({value} üzerinden); sonu olan bir "
                               "vaka zinciri bekleniyordu"},
    "extends_missing": {"en": "no scenario {value} to extend; expected one of {choices}",
                        "tr": "genişletilecek {value} adlı bir vaka yok; şunlardan biri "
                              "bekleniyordu: {choices}"},
    "no_such_scenario": {"en": "no such scenario; expected a file or one of: {choices}",
                         "tr": "böyle bir vaka yok; bir dosya ya da şunlardan biri "
                               "bekleniyordu: {choices}"},
    "plans_name_scenarios": {"en": "the plans name {count} scenarios ({named}); expected "
                                   "one, or give --scenario",
                             "tr": "planlar {count} vaka adlandırıyor ({named}); tek bir vaka "
                                   "bekleniyordu, ya da --scenario verin"},
    "no_scenario_named": {"en": "no scenario {value}; expected one of {choices} (or give "
                                "--scenario FILE)",
                          "tr": "{value} adında bir vaka yok; şunlardan biri bekleniyordu: "
                                "{choices} (ya da --scenario DOSYA verin)"},
    "cannot_write": {"en": "cannot write ({error})",
                     "tr": "yazılamıyor ({error})"},
    "no_plan_folder": {"en": "expected a folder of plan files",
                       "tr": "plan dosyalarından oluşan bir klasör bekleniyordu"},
    "cannot_write_out": {"en": "cannot write the results there ({error}); expected a folder "
                               "that can be created and written",
                         "tr": "sonuçlar buraya yazılamıyor ({error}); oluşturulabilen ve "
                               "yazılabilen bir klasör bekleniyordu"},
    "not_text": {"en": "a value that is not text",
                 "tr": "metin olmayan bir değer"},
}

#: Where in a file, when an error names a line rather than a field (``line 20``).
LINE: dict[str, str] = {"en": "line {line}", "tr": "{line}. satır"}


def where_in(field: str, language: str) -> str:
    """A field path as the error line shows it; ``line 20`` in the language."""
    if language != "en" and field.startswith("line ") and field[5:].isdigit():
        return LINE.get(language, LINE["en"]).format(line=field[5:])
    return field

#: The Turkish of the operating system's reasons a file could not be read or written (by
#: ``errno`` name); any other reason is quoted as the system gives it.
OS_REASONS: dict[str, dict[str, str]] = {
    "ENOENT": {"en": "No such file or directory", "tr": "böyle bir dosya ya da klasör yok"},
    "EACCES": {"en": "Permission denied", "tr": "izin verilmedi"},
    "EPERM": {"en": "Operation not permitted", "tr": "işleme izin verilmedi"},
    "EISDIR": {"en": "Is a directory", "tr": "bir klasör"},
    "ENOTDIR": {"en": "Not a directory", "tr": "bir klasör değil"},
    "ENOSPC": {"en": "No space left on device", "tr": "diskte yer kalmadı"},
    "EROFS": {"en": "Read-only file system", "tr": "salt okunur dosya sistemi"},
    "EEXIST": {"en": "File exists", "tr": "dosya zaten var"},
}


def os_reason(exc: OSError) -> Said:
    """Why the operating system refused, in both languages (the system's own words in
    English, as :data:`OS_REASONS` says them in Turkish)."""
    import errno
    english = exc.strerror or str(exc)
    texts = OS_REASONS.get(errno.errorcode.get(exc.errno or 0, ""))
    return Said(english, texts["tr"] if texts else english)


#: PyYAML's words for what is wrong with a file (its scanner's and parser's ``problem``), in
#: Turkish; ``{0}`` is what the English quotes (a character, a name). Matched from the start.
YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"mapping values are not allowed here",
     "burada 'anahtar: değer' yazılamaz (girinti ya da fazladan bir ':'?)"),
    (r"found character (.+) that cannot start any token", "{0} karakteriyle bir değer başlayamaz"),
    (r"found a tab character", "girintide sekme (tab) karakteri var; boşluk bekleniyordu"),
    (r"expected ',' or '\]'", "',' ya da ']' bekleniyordu (kapanmamış bir liste?)"),
    (r"expected ',' or '\}'", "',' ya da '}' bekleniyordu (kapanmamış bir eşleme?)"),
    (r"found undefined alias (.+)", "tanımsız takma ad {0}"),
    (r"found duplicate anchor|second occurrence", "aynı çapa (&) iki kez tanımlanmış"),
    (r"found unexpected end of stream", "dosya beklenmedik yerde bitiyor (kapanmamış bir tırnak?)"),
    (r"found unknown escape character (.+)", "bilinmeyen kaçış karakteri {0}"),
    (r"could not find expected ':'", "beklenen ':' bulunamadı"),
    (r"expected <block end>", "girinti hatası: blok burada bitmeliydi"),
    (r"expected <document start>", "belgenin başı bekleniyordu"),
    (r"found unexpected ':'", "beklenmedik bir ':'"),
    (r"found unhashable key", "anahtar olarak bir liste ya da eşleme kullanılmış"),
)


#: The json module's messages, the same way.
JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    (r"Expecting value", "bir değer bekleniyordu"),
    (r"Expecting '(.)' delimiter", "'{0}' bekleniyordu"),
    (r"Expecting property name enclosed in double quotes",
     "çift tırnak içinde bir alan adı bekleniyordu"),
    (r"Unterminated string", "kapanmamış bir metin (tırnak)"),
    (r"Extra data", "verinin sonunda fazladan metin"),
    (r"Invalid control character", "metinde geçersiz bir denetim karakteri"),
    (r"Invalid \\escape", "geçersiz bir kaçış dizisi (\\)"),
)


def _problem(problem: str, table: tuple[tuple[str, str], ...], fallback: str) -> Said:
    import re
    for pattern, turkish in table:
        match = re.match(pattern, problem)
        if match:
            quoted = match.group(1) if match.groups() else ""
            return Said(problem, turkish.replace("{0}", quoted))
    return Said(problem, fallback)


def yaml_problem(problem: str) -> Said:
    """PyYAML's ``problem`` in both languages: its own English, and Turkish from
    :data:`YAML_PROBLEMS` (a plain "YAML sözdizimi hatası" for wording the table lacks, so
    that no English is left inside a Turkish line)."""
    return _problem(problem, YAML_PROBLEMS, "YAML sözdizimi hatası")


def json_problem(problem: str) -> Said:
    """The json module's message in both languages (:data:`JSON_PROBLEMS`)."""
    return _problem(problem, JSON_PROBLEMS, "JSON sözdizimi hatası")


#: What a value was found to be, in the messages above (``found {what}``).
KINDS_OF_VALUE: dict[str, dict[str, str]] = {
    "nothing": {"en": "nothing", "tr": "boş bir değer"},
    "list": {"en": "a list", "tr": "bir liste"},
    "str": {"en": "a string", "tr": "bir metin"},
    "number": {"en": "a number", "tr": "bir sayı"},
    "bool": {"en": "true/false", "tr": "doğru/yanlış"},
    "mapping": {"en": "a mapping", "tr": "bir eşleme"},
}

#: The Turkish of the checks pydantic makes itself, by its error type; the blanks are the
#: error's ``ctx`` values.
PYDANTIC: dict[str, dict[str, str]] = {
    "missing": {"en": "required field is missing",
                "tr": "zorunlu alan eksik"},
    "extra_forbidden": {"en": "unknown field (check the spelling)",
                        "tr": "bilinmeyen alan (yazımını kontrol edin)"},
    "greater_than": {"en": "Input should be greater than {gt}",
                     "tr": "{gt} sayısından büyük bir değer bekleniyordu"},
    "greater_than_equal": {"en": "Input should be greater than or equal to {ge}",
                           "tr": "{ge} ya da daha büyük bir değer bekleniyordu"},
    "less_than": {"en": "Input should be less than {lt}",
                  "tr": "{lt} sayısından küçük bir değer bekleniyordu"},
    "less_than_equal": {"en": "Input should be less than or equal to {le}",
                        "tr": "{le} ya da daha küçük bir değer bekleniyordu"},
    "int_type": {"en": "Input should be a valid integer",
                 "tr": "bir tam sayı bekleniyordu"},
    "int_parsing": {"en": "Input should be a valid integer",
                    "tr": "bir tam sayı bekleniyordu"},
    "int_from_float": {"en": "Input should be a valid integer",
                       "tr": "bir tam sayı bekleniyordu"},
    "float_type": {"en": "Input should be a valid number",
                   "tr": "bir sayı bekleniyordu"},
    "float_parsing": {"en": "Input should be a valid number",
                      "tr": "bir sayı bekleniyordu"},
    "bool_type": {"en": "Input should be a valid boolean",
                  "tr": "doğru/yanlış (true/false) bekleniyordu"},
    "bool_parsing": {"en": "Input should be a valid boolean",
                     "tr": "doğru/yanlış (true/false) bekleniyordu"},
    "string_type": {"en": "Input should be a valid string",
                    "tr": "bir metin bekleniyordu"},
    "string_too_short": {"en": "String should have at least {min_length} characters",
                         "tr": "en az {min_length} karakter bekleniyordu"},
    "string_too_long": {"en": "String should have at most {max_length} characters",
                        "tr": "en çok {max_length} karakter bekleniyordu"},
    "too_short": {"en": "should have at least {min_length} items",
                  "tr": "en az {min_length} öğe bekleniyordu"},
    "too_long": {"en": "should have at most {max_length} items",
                 "tr": "en çok {max_length} öğe bekleniyordu"},
    "list_type": {"en": "Input should be a valid list",
                  "tr": "bir liste bekleniyordu"},
    "tuple_type": {"en": "Input should be a valid list",
                   "tr": "bir liste bekleniyordu"},
    "dict_type": {"en": "Input should be a valid mapping",
                  "tr": "bir eşleme (alanlar) bekleniyordu"},
    "model_type": {"en": "Input should be a mapping of fields",
                   "tr": "alanlardan oluşan bir eşleme bekleniyordu"},
    "model_attributes_type": {"en": "Input should be a mapping of fields",
                              "tr": "alanlardan oluşan bir eşleme bekleniyordu"},
    "literal_error": {"en": "Input should be {expected}",
                      "tr": "şunlardan biri bekleniyordu: {expected}"},
}


class Said(str):
    """An English message that also carries its Turkish text (``.tr``)."""

    tr: str

    def __new__(cls, en: str, tr: str) -> "Said":
        made = super().__new__(cls, en)
        made.tr = tr
        return made

    def in_(self, language: str) -> str:
        """The message in ``language`` (English for any language but Turkish)."""
        return self.tr if language == "tr" else str(self)

    def __reduce__(self) -> Any:  # pickles with its Turkish (errors cross process pools)
        return (Said, (str(self), self.tr))


def said(code: str, **values: Any) -> Said:
    """The message ``code`` of :data:`ERRORS` in both languages, numbers in each one's style
    (Babel, through :func:`casekit.text.formats.fill`)."""
    from casekit.text.formats import fill
    texts = ERRORS[code]
    if not values:  # fill would leave a doubled brace as it is
        return Said(texts["en"].format(), texts["tr"].format())
    in_turkish = {k: getattr(v, "tr", v) for k, v in values.items()}  # a Said inside a Said
    try:
        return Said(fill(texts["en"], "en", **values), fill(texts["tr"], "tr", **in_turkish))
    except (ArithmeticError, ValueError, TypeError):  # a message must never fail to be made
        plain = {k: str(v) for k, v in values.items()}
        bare = {k: str(v) for k, v in in_turkish.items()}
        return Said(_plain(texts["en"]).format(**plain), _plain(texts["tr"]).format(**bare))


def number_g(value: float) -> Said:
    """A number as ``format(value, "g")`` writes it (``2.5``, ``1e+06``), with a decimal
    comma in Turkish: for messages that quote a value as the file may have written it."""
    text = f"{value:g}"
    return Said(text, text.replace(".", ","))


def _plain(template: str) -> str:
    """``template`` with its format specs dropped (``{x:,}`` -> ``{x}``)."""
    import re
    return re.sub(r"\{(\w+)(?:![rsa])?:[^{}]*\}", r"{\1}", template)


def turkish(message: Any) -> str | None:
    """The Turkish of a message built by :func:`said` (or of a ValueError raised with one);
    None when it has none."""
    if isinstance(message, BaseException) and message.args:
        message = message.args[0]
    return getattr(message, "tr", None) if isinstance(message, str) else None


def kind_of_value(key: str) -> Said:
    """What a value was found to be (a key of :data:`KINDS_OF_VALUE`), in both languages."""
    texts = KINDS_OF_VALUE[key]
    return Said(texts["en"], texts["tr"])


def pydantic_text(kind: str, ctx: dict[str, Any] | None, language: str) -> str | None:
    """The text of pydantic's own check ``kind`` in ``language``; None if it has none."""
    texts = PYDANTIC.get(kind)
    if texts is None:
        return None
    values = {k: _shown(v) for k, v in (ctx or {}).items()}
    try:
        from casekit.text.formats import fill
        return fill(texts[language] if language in texts else texts["en"], language, **values)
    except (KeyError, IndexError, ValueError):
        return None


def _shown(value: Any) -> Any:
    return value if isinstance(value, (int, float, str)) else str(value)
