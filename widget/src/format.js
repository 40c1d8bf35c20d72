// Pure formatting of bot text: which lines make a list, and the words that record a vote.

const LIST_ITEM = /^\s*[-•*]\s+/;
export const LIST_SHOWN = 3; // longer lists show this many items and a "Show all" button, to spare tab stops

/**
 * Bot text as blocks: {text} for a paragraph, {items} for a list of "- " lines. Only text with a list
 * longer than LIST_SHOWN + 1 is split (one hidden item would cost as many tab stops as its button);
 * otherwise the whole text is one paragraph.
 */
export function textBlocks(text) {
  const lines = text.split("\n");
  if (lines.filter((line) => LIST_ITEM.test(line)).length <= LIST_SHOWN + 1) return [{ text }];
  const blocks = [];
  let para = null;
  let list = null;
  for (const line of lines) {
    if (LIST_ITEM.test(line)) {
      if (para) blocks.push({ text: para.join("\n") });
      para = null;
      if (!list) blocks.push((list = { items: [] }));
      list.items.push(line.replace(LIST_ITEM, ""));
    } else {
      list = null;
      (para ??= []).push(line);
    }
  }
  if (para) blocks.push({ text: para.join("\n") });
  return blocks;
}

// The bot thanks the resident for the vote itself (utter_feedback_thanks), so this only records the choice.
export const feedbackDone = (vote) => `Was this helpful? You answered: ${vote}.`;
