package kr.seoul.sane.routing.classifier;

import org.apache.lucene.analysis.ko.dict.ConnectionCosts;
import org.apache.lucene.analysis.ko.dict.TokenInfoDictionary;
import org.apache.lucene.analysis.ko.dict.TokenInfoFST;
import org.apache.lucene.analysis.ko.dict.UnknownDictionary;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.InputStreamDataInput;
import org.apache.lucene.util.fst.FST;
import org.apache.lucene.util.fst.PositiveIntOutputs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Lucene Nori's own Korean dictionary (the mecab-ko-dic build inside lucene-analysis-nori) with its context ids
 * numbered by how often Korean text reaches them. Nori's lattice search reads the connection cost of every
 * candidate word after every path that ends where the word starts, from a matrix of 3,822 × 2,693 costs (20 MB)
 * indexed by those ids; in Nori's own numbering the costs a text needs lie all over the matrix, so most reads miss
 * the CPU caches. Numbered by frequency (counted on a sample of proposals: every dictionary word that matches
 * anywhere in them), the costs Korean text needs lie in one corner of the matrix. Only the numbering changes: every
 * word keeps its cost, parts of speech and connection costs, so Nori finds exactly the same tokens
 * ({@code ReorderedNoriDictionaryTest} compares every token attribute with the stock dictionary's).
 * The files are read with Lucene's own codec and format checks; a Lucene version whose files differ fails here.
 */
final class ReorderedNoriDictionary {

    /** The three parts {@code KoreanTokenizer}'s expert constructor takes. */
    record Dictionaries(TokenInfoDictionary system, UnknownDictionary unknown, ConnectionCosts costs) {
    }

    // the codec headers of lucene-analysis-nori's dictionary files (its DictionaryConstants)
    private static final String DICT_HEADER = "ko_dict";
    private static final String TARGETMAP_HEADER = "ko_dict_map";
    private static final String POSDICT_HEADER = "ko_dict_pos";
    private static final String CONN_COSTS_HEADER = "ko_cc";
    private static final int VERSION = 1;
    private static final String SYSTEM = "TokenInfoDictionary";
    private static final String UNKNOWN = "UnknownDictionary";

    private ReorderedNoriDictionary() {
    }

    /** Loads Nori's dictionary with its context ids numbered by their frequency in {@code sample}. */
    static Dictionaries load(Iterable<String> sample) throws IOException {
        Matrix matrix = Matrix.read(resource("ConnectionCosts.dat"));
        Entries system = Entries.read(SYSTEM);
        Entries unknown = Entries.read(UNKNOWN);
        long[] leftFrequency = new long[matrix.backwardSize];
        long[] rightFrequency = new long[matrix.forwardSize];
        long positions = countMatches(sample, system, leftFrequency, rightFrequency);
        // an unknown-word entry can start at any position
        unknown.count(positions, leftFrequency, rightFrequency);
        int[] left = byFrequency(leftFrequency);
        int[] right = byFrequency(rightFrequency);

        system.renumber(left, right);
        unknown.renumber(left, right);
        return new Dictionaries(
                new TokenInfoDictionary(nori(SYSTEM + "$targetMap.dat"),
                        inMemory(SYSTEM + "$posDict.dat", system.posDict(left, matrix.backwardSize)),
                        inMemory(SYSTEM + "$buffer.dat", system.buffer()), nori(SYSTEM + "$fst.dat")),
                new UnknownDictionary(nori(UNKNOWN + "$targetMap.dat"),
                        inMemory(UNKNOWN + "$posDict.dat", unknown.posDict(left, matrix.backwardSize)),
                        inMemory(UNKNOWN + "$buffer.dat", unknown.buffer())),
                new ConnectionCosts(inMemory("ConnectionCosts.dat", matrix.renumbered(left, right))));
    }

    /**
     * Counts, for every word of the dictionary that matches at any position of the sample (what the lattice search
     * looks at), its left and right context id; returns the number of positions.
     */
    private static long countMatches(Iterable<String> sample, Entries system, long[] leftFrequency,
                                     long[] rightFrequency) throws IOException {
        TokenInfoFST fst = system.fst();
        FST.BytesReader reader = fst.getBytesReader();
        FST.Arc<Long> arc = new FST.Arc<>();
        long positions = 0;
        for (String text : sample) {
            positions += text.length();
            for (int start = 0; start < text.length(); start++) {
                fst.getFirstArc(arc);
                int output = 0;
                for (int end = start; end < text.length(); end++) {
                    if (fst.findTargetArc(text.charAt(end), arc, arc, end == start, reader) == null) {
                        break;
                    }
                    output += arc.output().intValue();
                    if (arc.isFinal()) {
                        system.countSource(output + arc.nextFinalOutput().intValue(), leftFrequency,
                                rightFrequency);
                    }
                }
            }
        }
        return positions;
    }

    /** {@code [old id] -> new id}: 0 (beginning and end of text) stays 0, the others by falling frequency. */
    static int[] byFrequency(long[] frequency) {
        int[] ids = IntStream.range(1, frequency.length).boxed()
                .sorted(Comparator.<Integer>comparingLong(id -> -frequency[id]).thenComparingInt(id -> id))
                .mapToInt(Integer::intValue).toArray();
        int[] renumber = new int[frequency.length];
        for (int k = 0; k < ids.length; k++) {
            renumber[ids[k]] = k + 1;
        }
        return renumber;
    }

    /** The connection-cost matrix: {@code costs[backward * forwardSize + forward]}. */
    private record Matrix(int forwardSize, int backwardSize, short[] costs) {

        static Matrix read(byte[] file) throws IOException {
            ByteArrayDataInput in = new ByteArrayDataInput(file);
            CodecUtil.checkHeader(in, CONN_COSTS_HEADER, VERSION, VERSION);
            int forward = in.readVInt();
            int backward = in.readVInt();
            short[] costs = new short[forward * backward];
            int accumulated = 0;
            for (int i = 0; i < costs.length; i++) {
                accumulated += in.readZInt();
                costs[i] = (short) accumulated;
            }
            return new Matrix(forward, backward, costs);
        }

        /** The same costs at the new ids, in the file format Lucene reads. */
        byte[] renumbered(int[] left, int[] right) throws IOException {
            int[] oldLeft = inverse(left);
            int[] oldRight = inverse(right);
            ByteBuffersDataOutput out = new ByteBuffersDataOutput();
            CodecUtil.writeHeader(out, CONN_COSTS_HEADER, VERSION);
            out.writeVInt(forwardSize);
            out.writeVInt(backwardSize);
            int previous = 0;
            for (int b = 0; b < backwardSize; b++) {
                int row = oldLeft[b] * forwardSize;
                for (int f = 0; f < forwardSize; f++) {
                    int cost = costs[row + oldRight[f]];
                    out.writeZInt(cost - previous);
                    previous = cost;
                }
            }
            return out.toArrayCopy();
        }

        private static int[] inverse(int[] renumber) {
            int[] old = new int[renumber.length];
            for (int id = 0; id < renumber.length; id++) {
                old[renumber[id]] = id;
            }
            return old;
        }
    }

    /**
     * One of Nori's binary dictionaries: its entries' bytes (each entry starts with its left and right context id,
     * shifted left by two above two flag bits), where the entries start, and its part-of-speech table by left id.
     */
    private static final class Entries {

        private final String name;
        private final byte[] file;
        private final ByteBuffer entries;
        private final int[] targetMap;
        private final int[] sourceOffsets;
        private final byte[] posTags;

        private Entries(String name, byte[] file, ByteBuffer entries, int[] targetMap, int[] sourceOffsets,
                        byte[] posTags) {
            this.name = name;
            this.file = file;
            this.entries = entries;
            this.targetMap = targetMap;
            this.sourceOffsets = sourceOffsets;
            this.posTags = posTags;
        }

        static Entries read(String name) throws IOException {
            byte[] file = resource(name + "$buffer.dat");
            ByteArrayDataInput in = new ByteArrayDataInput(file);
            CodecUtil.checkHeader(in, DICT_HEADER, VERSION, VERSION);
            int size = in.readVInt();
            ByteBuffer entries = ByteBuffer.wrap(file, in.getPosition(), size).slice();

            ByteArrayDataInput map = new ByteArrayDataInput(resource(name + "$targetMap.dat"));
            CodecUtil.checkHeader(map, TARGETMAP_HEADER, VERSION, VERSION);
            int[] targetMap = new int[map.readVInt()];
            int[] sourceOffsets = new int[map.readVInt()];
            int accumulated = 0;
            int source = 0;
            for (int i = 0; i < targetMap.length; i++) {
                int value = map.readVInt();
                if ((value & 1) != 0) {
                    sourceOffsets[source++] = i;
                }
                accumulated += value >>> 1;
                targetMap[i] = accumulated;
            }
            sourceOffsets[source] = targetMap.length;

            ByteArrayDataInput pos = new ByteArrayDataInput(resource(name + "$posDict.dat"));
            CodecUtil.checkHeader(pos, POSDICT_HEADER, VERSION, VERSION);
            byte[] posTags = new byte[pos.readVInt()];
            pos.readBytes(posTags, 0, posTags.length);
            return new Entries(name, file, entries, targetMap, sourceOffsets, posTags);
        }

        TokenInfoFST fst() throws IOException {
            try (InputStream in = nori(name + "$fst.dat").openStream()) {
                DataInput data = new InputStreamDataInput(in);
                return new TokenInfoFST(new FST<>(FST.readMetadata(data, PositiveIntOutputs.getSingleton()), data));
            }
        }

        /** Counts the context ids of the entries of one surface form (the FST's output). */
        void countSource(int source, long[] leftFrequency, long[] rightFrequency) {
            for (int i = sourceOffsets[source]; i < sourceOffsets[source + 1]; i++) {
                leftFrequency[leftId(targetMap[i])]++;
                rightFrequency[rightId(targetMap[i])]++;
            }
        }

        /** Counts the context ids of every entry {@code times} times. */
        void count(long times, long[] leftFrequency, long[] rightFrequency) {
            for (int entry : targetMap) {
                leftFrequency[leftId(entry)] += times;
                rightFrequency[rightId(entry)] += times;
            }
        }

        private int leftId(int entry) {
            return (entries.getShort(entry) & 0xFFFF) >>> 2;
        }

        private int rightId(int entry) {
            return (entries.getShort(entry + 2) & 0xFFFF) >>> 2;
        }

        /** Writes the new ids into every entry (in place: the file keeps its length and its entries' offsets). */
        void renumber(int[] left, int[] right) {
            int[] distinct = Arrays.stream(targetMap).distinct().toArray();
            for (int entry : distinct) {
                int l = entries.getShort(entry) & 0xFFFF;
                int r = entries.getShort(entry + 2) & 0xFFFF;
                entries.putShort(entry, (short) (left[l >>> 2] << 2 | (l & 3)));
                entries.putShort(entry + 2, (short) (right[r >>> 2] << 2 | (r & 3)));
            }
        }

        byte[] buffer() {
            return file;
        }

        /** The part-of-speech table at the new left ids, one per left id of the matrix. */
        byte[] posDict(int[] left, int size) throws IOException {
            if (posTags.length > size) {
                throw new IOException(name + ": more parts of speech than left context ids");
            }
            byte[] tags = new byte[size];
            for (int id = 0; id < posTags.length; id++) {
                tags[left[id]] = posTags[id];
            }
            ByteBuffersDataOutput out = new ByteBuffersDataOutput();
            CodecUtil.writeHeader(out, POSDICT_HEADER, VERSION);
            out.writeVInt(size);
            out.writeBytes(tags, size);
            return out.toArrayCopy();
        }
    }

    private static URL nori(String file) throws IOException {
        URL url = TokenInfoDictionary.class.getResource(file);
        if (url == null) {
            throw new IOException("lucene-analysis-nori has no " + file);
        }
        return url;
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = nori(file).openStream()) {
            return in.readAllBytes();
        }
    }

    /** A URL whose stream is {@code bytes}: Lucene's dictionary constructors read files through URLs or paths. */
    private static URL inMemory(String file, byte[] bytes) throws IOException {
        URLStreamHandler handler = new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) {
                return new URLConnection(url) {
                    @Override
                    public void connect() {
                        // nothing to connect to
                    }

                    @Override
                    public InputStream getInputStream() {
                        return new ByteArrayInputStream(bytes);
                    }
                };
            }
        };
        return URL.of(URI.create("memory:/nori/" + file), handler);
    }
}
