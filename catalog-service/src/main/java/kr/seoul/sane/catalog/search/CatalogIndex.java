package kr.seoul.sane.catalog.search;

import kr.seoul.sane.catalog.cases.CooperationCase;
import kr.seoul.sane.catalog.institutions.PartnerInstitution;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * In-memory Korean full-text index (Lucene Nori) over the catalogue read models.
 * The embedded MongoDB stand-in has no {@code $text}, so every text query goes through here;
 * the index is rebuilt from the read model whenever the catalogue changes.
 */
@Component
public class CatalogIndex implements AutoCloseable {

    private static final String TYPE = "type";
    private static final String ID = "id";
    private static final String FIELD = "field";
    private static final String TITLE = "title";
    private static final String BODY = "body";
    private static final String PUBLISHED = "published";
    private static final String TYPE_CASE = "case";
    private static final String TYPE_INSTITUTION = "institution";
    private static final int MAX_QUERY_TERMS = 80;
    /** A suggestion must score at least this share of the best one, so weak tail matches are not offered. */
    private static final double MIN_SHARE_OF_BEST = 0.3;
    private static final float FIELD_BOOST = 6f;
    private static final Set<String> GENERIC_WORDS = Set.of("서울", "서울시", "시", "시민", "참여", "추진", "함께",
            "사업", "협력", "지원", "기관", "단체", "기업", "제안", "싶", "하", "있", "되", "주", "바라", "도움", "도와주",
            "진행", "계획", "프로그램", "활동", "우리", "저희", "것", "등", "수", "위하", "제공", "운영", "장소", "홍보",
            "대상", "명", "개", "회", "월", "년", "일", "시간", "부탁", "드리", "검토", "가능", "필요", "희망", "원하",
            "회사", "본사", "직원", "문의", "연락", "담당", "민관", "민간", "공공", "사회", "공헌", "사회공헌", "센터",
            "서비스", "관련", "경우", "정도", "이번", "올해", "내년", "매년", "자리", "마련", "부분", "방안");

    private final CatalogText analysis = new CatalogText(BODY);

    private volatile Snapshot snapshot = Snapshot.empty();

    /**
     * One immutable index generation: the reader and searcher are opened once per rebuild and shared by every
     * search until the next rebuild; {@code ids} and {@code types} map a Lucene doc id to the entry's id and type,
     * read once here so a search never loads stored fields.
     */
    private record Snapshot(DirectoryReader reader, IndexSearcher searcher, String[] ids, boolean[] isCase,
                            Map<String, CooperationCase> cases, Map<String, PartnerInstitution> institutions,
                            Set<String> titleTerms, Set<String> bodyTerms) {
        static Snapshot empty() {
            return new Snapshot(null, null, new String[0], new boolean[0], Map.of(), Map.of(), Set.of(), Set.of());
        }

        /**
         * A term clause only for a word the field holds: a clause of a word no entry has scores nothing, but it
         * still costs a dictionary lookup when the search is prepared (a proposal's text has up to
         * {@value #MAX_QUERY_TERMS} words, most of them absent from the small catalogue).
         */
        void addTerm(BooleanQuery.Builder builder, String field, String term, float boost) {
            if ((TITLE.equals(field) ? titleTerms : bodyTerms).contains(term)) {
                Query clause = new TermQuery(new Term(field, term));
                builder.add(boost == 1f ? clause : new BoostQuery(clause, boost), Occur.SHOULD);
            }
        }
    }

    /** The suggestions for one proposal: similar published cases and related institutions, best first. */
    public record Suggestions(List<Scored<CooperationCase>> cases, List<Scored<PartnerInstitution>> institutions) {
    }

    /** Replaces the index with one built from these entries; searches keep using the old one until it is ready. */
    public synchronized void rebuild(List<CooperationCase> cases, List<PartnerInstitution> institutions) {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analysis.analyzer()))) {
            for (CooperationCase c : cases) {
                Document doc = base(TYPE_CASE, c.id(), c.fields());
                doc.add(new StringField(PUBLISHED, Boolean.toString(c.published()), Field.Store.NO));
                doc.add(new TextField(TITLE, join(c.title(), c.titleEn()), Field.Store.NO));
                doc.add(new TextField(BODY, join(c.summary(), String.join(" ", c.partners()), c.outcome()),
                        Field.Store.NO));
                writer.addDocument(doc);
            }
            for (PartnerInstitution i : institutions) {
                Document doc = base(TYPE_INSTITUTION, i.id(), i.fields());
                doc.add(new TextField(TITLE, join(i.name(), i.nameEn()), Field.Store.NO));
                doc.add(new TextField(BODY, join(i.description(), String.join(" ", i.cooperationAreas())),
                        Field.Store.NO));
                writer.addDocument(doc);
            }
            writer.commit();
            DirectoryReader reader = DirectoryReader.open(directory);
            // listings follow the id, not the order the store returned the read models in, so a rebuild from the
            // topics (which may replay partitions in another order) lists exactly as before
            Map<String, CooperationCase> caseMap = new LinkedHashMap<>();
            cases.stream().sorted(Comparator.comparing(CooperationCase::id)).forEach(c -> caseMap.put(c.id(), c));
            Map<String, PartnerInstitution> institutionMap = new LinkedHashMap<>();
            institutions.stream().sorted(Comparator.comparing(PartnerInstitution::id))
                    .forEach(i -> institutionMap.put(i.id(), i));
            // the previous in-memory snapshot is left to the garbage collector rather than closed, so a search
            // still running on it never meets a closed reader
            String[] ids = new String[reader.maxDoc()];
            boolean[] isCase = new boolean[reader.maxDoc()];
            var stored = reader.storedFields();
            for (int doc = 0; doc < ids.length; doc++) {
                Document d = stored.document(doc);
                ids[doc] = d.get(ID);
                isCase[doc] = TYPE_CASE.equals(d.get(TYPE));
            }
            snapshot = new Snapshot(reader, new IndexSearcher(reader), ids, isCase, caseMap, institutionMap,
                    termsOf(reader, TITLE), termsOf(reader, BODY));
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the catalogue index", e);
        }
    }

    /** Published cases matching the query, best first (main cases first when there is no text). */
    public SearchPage<CooperationCase> searchCases(CaseQuery query) {
        Snapshot s = snapshot;
        Predicate<CooperationCase> filter = c -> c.published()
                && (query.field() == null || c.fields().contains(query.field()))
                && (query.scope() == null || c.scope() == query.scope())
                && (!query.mainOnly() || c.mainCase());
        List<CooperationCase> matches;
        if (isBlank(query.text())) {
            matches = s.cases().values().stream().filter(filter)
                    .sorted(Comparator.comparing((CooperationCase c) -> !c.mainCase()))
                    .toList();
        } else {
            matches = ranked(s, TYPE_CASE, textQuery(s, analyze(query.text())), s.cases()::get).stream()
                    .map(Scored::item).filter(filter).toList();
        }
        return page(matches, query.page(), query.size());
    }

    /** Institutions matching the query, best first (catalogue order when there is no text). */
    public SearchPage<PartnerInstitution> searchInstitutions(String text, String field, int page, int size) {
        Snapshot s = snapshot;
        Predicate<PartnerInstitution> filter = i -> field == null || i.fields().contains(field);
        List<PartnerInstitution> matches;
        if (isBlank(text)) {
            matches = s.institutions().values().stream().filter(filter).toList();
        } else {
            matches = ranked(s, TYPE_INSTITUTION, textQuery(s, analyze(text)), s.institutions()::get).stream()
                    .map(Scored::item).filter(filter).toList();
        }
        return page(matches, page, size);
    }

    /** Up to {@code limit} published cases most similar to a proposal's text; its field, when given, weighs in. */
    public List<Scored<CooperationCase>> similarCases(String text, String field, int limit) {
        return suggest(text, field, limit).cases();
    }

    /** Up to {@code limit} institutions most related to a proposal's text; its field, when given, weighs in. */
    public List<Scored<PartnerInstitution>> similarInstitutions(String text, String field, int limit) {
        return suggest(text, field, limit).institutions();
    }

    /**
     * Up to {@code limit} published cases and {@code limit} institutions most similar to a proposal's text (its
     * field, when given, weighs in). The text is analysed once and one search ranks both kinds: the kind is only a
     * filter that adds nothing to a score, so each hit scores exactly as in a search of its kind alone.
     */
    public Suggestions suggest(String text, String field, int limit) {
        Snapshot s = snapshot;
        Query query = similarityQuery(s, text, field);
        if (s.searcher() == null || query == null) {
            return new Suggestions(List.of(), List.of());
        }
        List<Scored<CooperationCase>> cases = new ArrayList<>(limit);
        List<Scored<PartnerInstitution>> institutions = new ArrayList<>(limit);
        try {
            for (ScoreDoc sd : s.searcher().search(query, Math.max(1, s.reader().maxDoc())).scoreDocs) {
                String id = s.ids()[sd.doc];
                if (s.isCase()[sd.doc]) {
                    CooperationCase c = s.cases().get(id);
                    if (c != null && c.published() && cases.size() < limit) {
                        cases.add(new Scored<>(c, sd.score));
                    }
                } else {
                    PartnerInstitution i = s.institutions().get(id);
                    if (i != null && institutions.size() < limit) {
                        institutions.add(new Scored<>(i, sd.score));
                    }
                }
                if (cases.size() == limit && institutions.size() == limit) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Suggestions(closeToBest(cases), closeToBest(institutions));
    }

    private static <T> List<Scored<T>> closeToBest(List<Scored<T>> hits) {
        if (hits.isEmpty()) {
            return hits;
        }
        double best = hits.getFirst().score();
        return hits.stream().filter(h -> h.score() >= best * MIN_SHARE_OF_BEST).toList();
    }

    public CooperationCase findCase(String id) {
        return snapshot.cases().get(id);
    }

    public List<PartnerInstitution> allInstitutions() {
        return List.copyOf(snapshot.institutions().values());
    }

    public int caseCount() {
        return snapshot.cases().size();
    }

    public int institutionCount() {
        return snapshot.institutions().size();
    }

    /** The analysed terms of a query, used to highlight matches in displayed text. */
    public Set<String> queryTerms(String text) {
        return isBlank(text) ? Set.of() : new LinkedHashSet<>(analyze(text));
    }

    /** Splits {@code text} into plain and matching segments for the given query terms. */
    public List<Segment> highlight(String text, Set<String> terms) {
        return analysis.highlight(text, terms);
    }

    List<String> analyze(String text) {
        return analysis.analyze(text);
    }

    private static Query textQuery(Snapshot s, List<String> terms) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        terms.stream().distinct().limit(MAX_QUERY_TERMS).forEach(t -> {
            s.addTerm(builder, TITLE, t, 3f);
            s.addTerm(builder, BODY, t, 1f);
        });
        return builder.build();
    }

    /**
     * Like the text query, but a word that recurs in the proposal weighs more, and words every proposal uses
     * (서울, 시민, 협력, 지원, …) carry no topic and are left out.
     */
    private Query similarityQuery(Snapshot s, String text, String field) {
        Map<String, Integer> frequency = new LinkedHashMap<>();
        analyze(text).stream().filter(t -> !GENERIC_WORDS.contains(t))
                .forEach(t -> frequency.merge(t, 1, Integer::sum));
        if (frequency.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        frequency.entrySet().stream().limit(MAX_QUERY_TERMS).forEach(e -> {
            float weight = (float) Math.min(3, e.getValue());
            s.addTerm(terms, TITLE, e.getKey(), 3f * weight);
            s.addTerm(terms, BODY, e.getKey(), weight);
        });
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        builder.add(terms.build(), Occur.MUST);
        if (field != null) {
            builder.add(new BoostQuery(new TermQuery(new Term(FIELD, field)), FIELD_BOOST), Occur.SHOULD);
        }
        return builder.build();
    }

    private <T> List<Scored<T>> ranked(Snapshot s, String type, Query text, Function<String, T> lookup) {
        if (s.searcher() == null || text instanceof BooleanQuery bq && bq.clauses().isEmpty()) {
            return List.of();
        }
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TYPE, type)), Occur.FILTER)
                .add(text, Occur.MUST)
                .build();
        try {
            TopDocs top = s.searcher().search(query, Math.max(1, s.reader().maxDoc()));
            List<Scored<T>> hits = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                String id = s.ids()[sd.doc];
                T item = lookup.apply(id);
                if (item != null) {
                    hits.add(new Scored<>(item, sd.score));
                }
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> termsOf(DirectoryReader reader, String field) throws IOException {
        Set<String> terms = new HashSet<>();
        Terms indexed = MultiTerms.getTerms(reader, field);
        if (indexed != null) {
            TermsEnum each = indexed.iterator();
            for (BytesRef term = each.next(); term != null; term = each.next()) {
                terms.add(term.utf8ToString());
            }
        }
        return Set.copyOf(terms);
    }

    private static Document base(String type, String id, List<String> fields) {
        Document doc = new Document();
        doc.add(new StringField(TYPE, type, Field.Store.YES));
        doc.add(new StringField(ID, id, Field.Store.YES));
        fields.forEach(f -> doc.add(new StringField(FIELD, f, Field.Store.NO)));
        return doc;
    }

    private static <T> SearchPage<T> page(List<T> all, int page, int size) {
        long from = (long) page * size;
        List<T> items = from >= all.size() ? List.of()
                : all.subList((int) from, (int) Math.min(all.size(), from + size));
        return new SearchPage<>(items, all.size());
    }

    private static String join(String... parts) {
        return String.join("\n", Stream.of(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public synchronized void close() throws IOException {
        if (snapshot.reader() != null) {
            snapshot.reader().close();
        }
    }
}
