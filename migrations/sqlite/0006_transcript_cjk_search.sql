-- Search for Chinese, Japanese and Korean words inside sentences. The unicode61 index of 0001 keeps
-- a whole run of CJK characters between punctuation as one token, so "北京" inside
-- "我们在北京开发了支付系统" is never found. A trigram index finds any substring instead; it is kept
-- next to the unicode61 one (which still serves, and bm25-ranks, every query without CJK
-- characters) and holds only transcripts with CJK characters in their text or candidate name, so
-- Latin-only data pays nothing for it. It stores its own copy of those rows' text, for snippets.
--
-- "Has CJK characters" is this GLOB class: CJK Unified Ideographs and Extension A, Hiragana and
-- Katakana, Hangul syllables, CJK Compatibility Ideographs, halfwidth Katakana, and the
-- supplementary ideograph planes. server/store/cjk-search.ts routes queries with the same ranges.
CREATE VIRTUAL TABLE voice_transcripts_cjk USING fts5(
  transcript_text,
  candidate_name,
  tokenize = 'trigram'
);
-- As in the unicode61 index: a hit in the candidate's name counts double.
INSERT INTO voice_transcripts_cjk (voice_transcripts_cjk, rank) VALUES ('rank', 'bm25(1.0, 2.0)');

CREATE TRIGGER voice_transcripts_cjk_insert AFTER INSERT ON voice_transcripts
WHEN NEW.transcript_text GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*'
  OR NEW.candidate_name GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*'
BEGIN
  INSERT INTO voice_transcripts_cjk (rowid, transcript_text, candidate_name)
  VALUES (NEW.rowid, NEW.transcript_text, NEW.candidate_name);
END;

CREATE TRIGGER voice_transcripts_cjk_delete AFTER DELETE ON voice_transcripts BEGIN
  DELETE FROM voice_transcripts_cjk WHERE rowid = OLD.rowid;
END;

CREATE TRIGGER voice_transcripts_cjk_update AFTER UPDATE OF transcript_text, candidate_name ON voice_transcripts BEGIN
  DELETE FROM voice_transcripts_cjk WHERE rowid = OLD.rowid;
  INSERT INTO voice_transcripts_cjk (rowid, transcript_text, candidate_name)
  SELECT NEW.rowid, NEW.transcript_text, NEW.candidate_name
  WHERE NEW.transcript_text GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*'
     OR NEW.candidate_name GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*';
END;

-- Transcripts stored before this migration.
INSERT INTO voice_transcripts_cjk (rowid, transcript_text, candidate_name)
SELECT rowid, transcript_text, candidate_name FROM voice_transcripts
WHERE transcript_text GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*'
   OR candidate_name GLOB '*[㐀-䶿一-鿿぀-ヿ가-힯豈-﫿ｦ-ﾟ𠀀-𯿿]*';
