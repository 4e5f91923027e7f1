-- help/evaluate.lua: help entries for parley.evaluate (see parley/help.lua for the format).
return {
  order = 73,
  title = "parley.evaluate",
  module = "parley.evaluate",
  intro = [==[
Rules against a gold set (docs/evaluate.md).]==],
  entries = {
    {
      name = "parley.evaluate.score",
      signature = "evaluate.score(gold, predicted) -> result",
      summary = "exact and overlap scores, overall and by label and rule, with false positives and negatives",
    },
    {
      name = "parley.evaluate.stats",
      signature = "evaluate.stats(tp, fp, fn) -> {tp, fp, fn, gold, predicted, precision, recall, f1}",
      summary = "precision, recall and F1 from counts",
      example = [==[
parley.evaluate.stats(8, 2, 2).f1  --> 0.8]==],
    },
    {
      name = "parley.evaluate.match",
      signature = "evaluate.match(gold, predicted, \"exact\" | \"overlap\") -> gold_of, pred_of",
      summary = "pairs gold and predicted spans: for each, the index of its partner",
    },
    {
      name = "parley.evaluate.load_gold",
      signature = "evaluate.load_gold(path) -> gold",
      summary = "reads a gold set",
    },
    {
      name = "parley.evaluate.load_extractor",
      signature = "evaluate.load_extractor(script) -> extract",
      summary = "the extractor function of a script",
    },
    {
      name = "parley.evaluate.to_stored",
      signature = "evaluate.to_stored(doc, original) -> doc",
      summary = "maps gold spans of an original text onto the stored document",
    },
    {
      name = "parley.evaluate.evaluate",
      signature = "evaluate.evaluate{gold=, extract=, corpus=, run=, label=} -> result",
      summary = "runs an extractor (or reads a saved run) and scores it against the gold set",
    },
    {
      name = "parley.evaluate.text",
      signature = "evaluate.text(result [, opts]) -> string",
      summary = "the result as a report",
    },
    {
      name = "parley.evaluate.json",
      signature = "evaluate.json(result [, opts]) -> string",
      summary = "the result as JSON",
    },
  },
}
