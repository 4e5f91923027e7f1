-- dates.lua: dates in news text, absolute (13 March 2025) and relative to the document's date (Thursday, last year).
--
-- dates(doc [, {date = "2025-03-13"}]) -> array of
--   { span, text, value, granularity, kind, sentence }
-- value is an ISO date ("2025-03-13"), month ("2025-03"), year ("2024") or a
-- range ("2025-03-03/2025-03-09"); granularity is "day" | "month" | "year" |
-- "range"; kind is "absolute" or "relative". Relative dates need the
-- document's date (doc.date, or opts.date); without one they keep value nil.
-- Month and weekday names come in English, Russian, Armenian and Azerbaijani.
local re = require("parley.re")

local M = {}

local MONTHS = {
  january = 1, february = 2, march = 3, april = 4, may = 5, june = 6, july = 7, august = 8,
  september = 9, october = 10, november = 11, december = 12,
  jan = 1, feb = 2, mar = 3, apr = 4, jun = 6, jul = 7, aug = 8, sep = 9, sept = 9, oct = 10,
  nov = 11, dec = 12,
  ["января"] = 1, ["февраля"] = 2, ["марта"] = 3, ["апреля"] = 4, ["мая"] = 5, ["июня"] = 6,
  ["июля"] = 7, ["августа"] = 8, ["сентября"] = 9, ["октября"] = 10, ["ноября"] = 11, ["декабря"] = 12,
  ["январь"] = 1, ["февраль"] = 2, ["март"] = 3, ["апрель"] = 4, ["май"] = 5, ["июнь"] = 6,
  ["июль"] = 7, ["август"] = 8, ["сентябрь"] = 9, ["октябрь"] = 10, ["ноябрь"] = 11, ["декабрь"] = 12,
  ["հունվարի"] = 1, ["փետրվարի"] = 2, ["մարտի"] = 3, ["ապրիլի"] = 4, ["մայիսի"] = 5, ["հունիսի"] = 6,
  ["հուլիսի"] = 7, ["օգոստոսի"] = 8, ["սեպտեմբերի"] = 9, ["հոկտեմբերի"] = 10, ["նոյեմբերի"] = 11,
  ["դեկտեմբերի"] = 12,
  ["январе"] = 1, ["феврале"] = 2, ["марте"] = 3, ["апреле"] = 4, ["мае"] = 5, ["июне"] = 6,
  ["июле"] = 7, ["августе"] = 8, ["сентябре"] = 9, ["октябре"] = 10, ["ноябре"] = 11, ["декабре"] = 12,
  yanvar = 1, fevral = 2, mart = 3, aprel = 4, ["may"] = 5, iyun = 6, iyul = 7, avqust = 8,
  sentyabr = 9, oktyabr = 10, noyabr = 11, dekabr = 12,
}

local WEEKDAYS = {   -- 1 = Monday
  monday = 1, tuesday = 2, wednesday = 3, thursday = 4, friday = 5, saturday = 6, sunday = 7,
  ["понедельник"] = 1, ["вторник"] = 2, ["среду"] = 3, ["среда"] = 3, ["четверг"] = 4,
  ["пятницу"] = 5, ["пятница"] = 5, ["субботу"] = 6, ["суббота"] = 6, ["воскресенье"] = 7,
  ["երկուշաբթի"] = 1, ["երեքշաբթի"] = 2, ["չորեքշաբթի"] = 3, ["հինգշաբթի"] = 4, ["ուրբաթ"] = 5,
  ["շաբաթ"] = 6, ["կիրակի"] = 7,
  ["bazar ertəsi"] = 1, ["çərşənbə axşamı"] = 2, ["çərşənbə"] = 3, ["cümə axşamı"] = 4, ["cümə"] = 5,
  ["şənbə"] = 6, ["bazar"] = 7,
}

-- ---- calendar arithmetic (days since 1970-01-01, proleptic Gregorian) ----

local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp + (mp < 10 and 3 or -9)
  return m <= 2 and y + 1 or y, m, d
end

local function iso(days)
  return string.format("%04d-%02d-%02d", civil_from_days(days))
end

local function weekday(days)          -- 1 = Monday; 1970-01-01 was a Thursday
  return (days + 3) % 7 + 1
end

local function parse_iso(s)
  local y, m, d = (s or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if y then return days_from_civil(tonumber(y), tonumber(m), tonumber(d)) end
end

M.days_from_civil, M.civil_from_days, M.weekday = days_from_civil, civil_from_days, weekday

-- ---- the patterns ----

-- The numbers a handler reads are ASCII digits: \d would also take other scripts'
-- digits ("March ٢٠٢٥"), which tonumber cannot read.

-- An abbreviated month keeps its period only when a number follows ("Sept. 13"),
-- so a sentence-final "8 August." does not swallow the full stop.
--
-- A month name is a whole word (a run of letters) that is one of MONTHS in any
-- case. The lookahead keeps the patterns from matching every "12 pct" and
-- "in the" and making a Span for each, only for its handler to drop it.
-- The names as one alternation factored by their first characters, (?:j(?:an...)|...):
-- PCRE2 tries alternatives one by one, and at each word it would try all ninety.
local function factored(words)
  local by_first, order, whole = {}, {}, false
  for _, w in ipairs(words) do
    if w == "" then
      whole = true
    else
      local first = w:match("^[%z\1-\127\194-\244][\128-\191]*")
      if not by_first[first] then by_first[first] = {} order[#order + 1] = first end
      table.insert(by_first[first], w:sub(#first + 1))
    end
  end
  table.sort(order)
  local alts = {}
  for _, first in ipairs(order) do alts[#alts + 1] = re.escape(first) .. factored(by_first[first]) end
  if #alts == 0 then return "" end
  return "(?:" .. table.concat(alts, "|") .. ")" .. (whole and "?" or "")
end

local function month_words()
  local names = {}
  for name in pairs(MONTHS) do names[#names + 1] = name end
  return "(?=(?i:" .. factored(names) .. ")(?!\\p{L}))"
end
local IS_MONTH = month_words()
local MONTH_NAME = IS_MONTH .. "(\\p{L}+)(?:\\.(?=\\s+\\d))?"
local PATTERNS = {
  { name = "iso", re = "\\b([0-9]{4})-([0-9]{2})-([0-9]{2})\\b" },
  { name = "day_month_year", re = "\\b([0-9]{1,2})(?:-(?:ին|ը|i|ci|cı|cu|cü))?\\s+" .. MONTH_NAME .. ",?\\s+([0-9]{4})\\b" },
  { name = "month_day_year", re = "\\b" .. MONTH_NAME .. "\\s+([0-9]{1,2}),?\\s+([0-9]{4})\\b" },
  { name = "day_month", re = "\\b([0-9]{1,2})(?:-(?:ին|ը|i|ci|cı|cu|cü))?\\s+" .. MONTH_NAME },
  { name = "month_day", re = "\\b" .. MONTH_NAME .. "\\s+([0-9]{1,2})(?:-(?:ին|ը))?\\b" },
  { name = "month_year", re = "\\b" .. MONTH_NAME .. "\\s+([0-9]{4})\\b" },
  { name = "in_month", re = "(?i)\\b(?:in|в|во)\\s+" .. IS_MONTH .. "(\\p{L}+)\\b" },
  { name = "year", re = "(?<![\\d,.$€£])\\b(1[89][0-9][0-9]|20[0-9][0-9])\\b(?![\\d,.%]\\d|\\s*%)" },
  { name = "relative_year", re = "(?i)\\b(last|this|next|previous)\\s+(year|month|week)\\b" },
  { name = "relative_day", re = "(?i)\\b(" .. factored({ "yesterday", "today", "tomorrow", "вчера", "сегодня",
      "завтра", "երեկ", "այսօր", "dünən", "bu gün" }) .. ")\\b" },
  { name = "weekday", re = "(?i)\\b(?:(last|next|this)\\s+)?(" .. factored({ "monday", "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday", "понедельник", "вторник", "среду", "четверг", "пятницу",
      "субботу", "воскресенье" }) .. ")\\b" },
}

local function month_of(name)
  return MONTHS[parley.text.lower(name)]
end

local function valid_day(y, m, d)
  if not (y and m and d) or m < 1 or m > 12 or d < 1 or d > 31 then return false end
  local yy, mm = civil_from_days(days_from_civil(y, m, d))
  return yy == y and mm == m
end

-- Each handler returns value, granularity, kind; nil rejects the match; false
-- rejects it and keeps its text from the later patterns (31 February 2025 is
-- not a date, and not the year 2025 either).
local HANDLERS = {}

function HANDLERS.iso(c)
  local y, m, d = tonumber(c[1]), tonumber(c[2]), tonumber(c[3])
  if valid_day(y, m, d) then return string.format("%04d-%02d-%02d", y, m, d), "day", "absolute" end
end

local function full_date(y, m, d)
  if not m then return nil end
  if not valid_day(y, m, d) then return false end
  return string.format("%04d-%02d-%02d", y, m, d), "day", "absolute"
end

function HANDLERS.day_month_year(c)
  return full_date(tonumber(c[3]), month_of(c[2]), tonumber(c[1]))
end

function HANDLERS.month_day_year(c)
  return full_date(tonumber(c[3]), month_of(c[1]), tonumber(c[2]))
end

function HANDLERS.day_month(c, ref)
  local d, m = tonumber(c[1]), month_of(c[2])
  if not m or not valid_day(2024, m, d) then return nil end   -- 2024: a leap year
  if not ref then return nil, "day", "relative" end
  local y = civil_from_days(ref)
  if valid_day(y, m, d) then return string.format("%04d-%02d-%02d", y, m, d), "day", "relative" end
end

function HANDLERS.month_day(c, ref)
  return HANDLERS.day_month({ c[2], c[1] }, ref)
end

function HANDLERS.month_year(c)
  local m, y = month_of(c[1]), tonumber(c[2])
  if m then return string.format("%04d-%02d", y, m), "month", "absolute" end
end

-- "in May" / "в мае": the month of the document's year.
function HANDLERS.in_month(c, ref)
  local m = month_of(c[1])
  if not m or c[1]:lower() == "may" and c[1] == "may" then return nil end   -- the modal verb "may"
  if not ref then return nil, "month", "relative" end
  return string.format("%04d-%02d", (civil_from_days(ref)), m), "month", "relative"
end

function HANDLERS.year(c)
  return c[1], "year", "absolute"
end

function HANDLERS.relative_year(c, ref)
  if not ref then return nil, "year", "relative" end
  local which, unit = c[1]:lower(), c[2]:lower()
  local shift = (which == "last" or which == "previous") and -1 or which == "next" and 1 or 0
  local y, m = civil_from_days(ref)
  if unit == "year" then return tostring(y + shift), "year", "relative" end
  if unit == "month" then
    local mm = m + shift
    if mm < 1 then y, mm = y - 1, 12 elseif mm > 12 then y, mm = y + 1, 1 end
    return string.format("%04d-%02d", y, mm), "month", "relative"
  end
  local monday = ref - (weekday(ref) - 1) + 7 * shift
  return iso(monday) .. "/" .. iso(monday + 6), "range", "relative"
end

local DAY_SHIFT = { yesterday = -1, today = 0, tomorrow = 1, ["вчера"] = -1, ["сегодня"] = 0,
                    ["завтра"] = 1, ["երեկ"] = -1, ["այսօր"] = 0, ["dünən"] = -1, ["bu gün"] = 0 }

function HANDLERS.relative_day(c, ref)
  if not ref then return nil, "day", "relative" end
  return iso(ref + DAY_SHIFT[parley.text.lower(c[1])]), "day", "relative"
end

-- A bare weekday in news means the most recent one on or before the article's
-- date ("said Thursday"); "next Friday" is the one after; "last Friday" the one
-- before the most recent.
function HANDLERS.weekday(c, ref)
  if not ref then return nil, "day", "relative" end
  local which = c[1] and c[1]:lower() or ""
  local want = WEEKDAYS[parley.text.lower(c[2])]
  local back = (weekday(ref) - want) % 7
  local day = ref - back
  if which == "next" then day = day + 7 elseif which == "last" and back == 0 then day = day - 7 end
  return iso(day), "day", "relative"
end

M.patterns, M.handlers = PATTERNS, HANDLERS

-- ---- extraction ----

-- taken: disjoint byte ranges sorted by start. The last range starting at or before b
-- is the only one that can reach a (a long document has thousands of dates).
local function last_starting_by(taken, b)
  local lo, hi = 1, #taken
  while lo <= hi do
    local mid = (lo + hi) // 2
    if taken[mid][1] <= b then lo = mid + 1 else hi = mid - 1 end
  end
  return hi   -- 0 when none
end

local function overlaps(taken, a, b)
  local i = last_starting_by(taken, b)
  return i > 0 and taken[i][2] >= a
end

local function take(taken, a, b)
  table.insert(taken, last_starting_by(taken, b) + 1, { a, b })
end

-- The captures of a match from rx:find's results r (nil for a group that did not take part).
local function captures_of(r)
  local c = {}
  for i = 3, r.n do c[i - 2] = r[i] or nil end
  return c
end

-- The matches of rx in text, in order: start, stop (1-based, inclusive) and the
-- captures. Strings only: a Span is made for a date that is kept, not for every
-- match a handler may drop.
local function each_match(text, rx)
  local init = 1
  return function()
    local r = table.pack(rx:find(text, init))
    if r[1] == nil then return nil end
    local start, stop = r[1], r[2]
    init = stop >= start and stop + 1 or (utf8.offset(text, 2, start) or #text + 2)   -- past an empty match
    return start, stop, captures_of(r)
  end
end

-- each_match's matches for a pattern that can only begin at one of the
-- ascending positions starts, tried there alone: rx is the pattern after "\G"
-- (anchored at init), and a start inside the last match is passed over, as
-- the scan from the end of that match would.
local function each_match_at(text, rx, starts)
  local init, k = 1, 0
  return function()
    while true do
      k = k + 1
      local at = starts[k]
      if at == nil then return nil end
      local r = at >= init and table.pack(rx:find(text, at))
      if r and r[1] then
        init = r[2] + 1   -- a month name is never empty
        return r[1], r[2], captures_of(r)
      end
    end
  end
end

-- Each pattern compiled once (and again if an analyst replaces p.re): a pattern
-- string would be looked up in parley.re's cache by a key as long as itself.
local function compiled(p)
  if p.compiled_from ~= p.re then p.rx, p.compiled_from = re.compile(p.re), p.re end
  return p.rx
end

-- The three patterns that begin with a month name took more than half of
-- this extractor's regex time: PCRE2 cannot skip to where a month name may
-- begin, since there are so many first letters, and tries each letter of
-- the text. So the month names of a text are found once, and those
-- patterns are tried only where one begins, anchored: the same matches,
-- since each of them begins where "\b" and a month name match. A pattern an
-- analyst has changed is scanned for in full.
local MONTH_FIRST = {}
for _, p in ipairs(PATTERNS) do
  if p.re:sub(1, #("\\b" .. MONTH_NAME)) == "\\b" .. MONTH_NAME then MONTH_FIRST[p.name] = p.re end
end
local MONTH_STARTS = re.compile("\\b" .. MONTH_NAME)

local function month_first(p)
  if MONTH_FIRST[p.name] ~= p.re then return nil end
  if p.anchored_from ~= p.re then p.anchored, p.anchored_from = re.compile("\\G" .. p.re), p.re end
  return p.anchored
end

local function month_starts(text)
  local starts = {}
  for start in each_match(text, MONTH_STARTS) do starts[#starts + 1] = start end
  return starts
end

function M.dates(doc, opts)
  local ref = parse_iso((opts and opts.date) or doc.date)
  local found, taken, text = {}, {}, doc.text
  local starts
  for _, p in ipairs(PATTERNS) do          -- most specific first: a longer date wins
    local anchored = month_first(p)
    if anchored then starts = starts or month_starts(text) end
    local matches = anchored and each_match_at(text, anchored, starts) or each_match(text, compiled(p))
    for start, stop, captures in matches do
      if not overlaps(taken, start, stop) then
        local value, granularity, kind = HANDLERS[p.name](captures, ref)
        if value == false then
          take(taken, start, stop)
        elseif granularity then
          take(taken, start, stop)
          local span = doc:span(start, stop)
          found[#found + 1] = { span = span, text = span.text, value = value, granularity = granularity,
                                kind = kind, sentence = span.sentence, pattern = p.name }
        end
      end
    end
  end
  table.sort(found, function(a, b) return a.span.start < b.span.start end)
  return found
end

return M
