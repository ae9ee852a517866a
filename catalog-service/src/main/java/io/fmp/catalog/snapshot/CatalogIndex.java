package io.fmp.catalog.snapshot;

import io.fmp.catalog.model.LifecycleState;
import io.fmp.catalog.selection.DeploymentMode;

import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Column-wise facts of one snapshot for filtering and sorting: a bit set per filter value and
 * plain arrays, indexed by an entry's position in the id-ordered entry list. A scan over 10,000
 * cards then reads a few contiguous arrays instead of chasing pointers through every card, which
 * is what made whole-catalog scans slow (cache misses, not instructions).
 */
public final class CatalogIndex {

    /** Sort orders over (key, id); ids break ties, so every order is total. */
    public enum Order {
        NAME, PARAMETERS, CONTEXT_WINDOW, REGISTERED_AT
    }

    private final int size;
    private final Map<String, BitSet> byTask = new HashMap<>();
    private final Map<String, BitSet> byLanguage = new HashMap<>();
    private final Map<String, BitSet> byTag = new HashMap<>();
    private final Map<String, BitSet> byProvider = new HashMap<>();
    private final Map<String, BitSet> byLicense = new HashMap<>();
    private final Map<String, BitSet> byName = new HashMap<>();
    private final Map<String, BitSet> byBaseModel = new HashMap<>();
    private final Map<String, BitSet> byProject = new HashMap<>();
    private final EnumMap<DeploymentMode, BitSet> byDeployment = new EnumMap<>(DeploymentMode.class);
    private final EnumMap<LifecycleState, BitSet> byState = new EnumMap<>(LifecycleState.class);
    private final BitSet commercial = new BitSet();
    final long[] parameters;
    final int[] contextWindows;
    private final String[] searchTexts;
    /** order.get(o)[r] = position of the r-th entry in order o; rank.get(o)[p] = the rank of position p. */
    private final EnumMap<Order, int[]> order = new EnumMap<>(Order.class);
    private final EnumMap<Order, int[]> rank = new EnumMap<>(Order.class);
    private final List<CatalogEntry> entries;

    CatalogIndex(List<CatalogEntry> entries) {
        this.entries = entries;
        size = entries.size();
        parameters = new long[size];
        contextWindows = new int[size];
        searchTexts = new String[size];
        for (int p = 0; p < size; p++) {
            CatalogEntry e = entries.get(p);
            var card = e.card();
            for (String task : card.tasks()) {
                set(byTask, task, p);
            }
            for (String language : card.facts().languages()) {
                set(byLanguage, language, p);
            }
            for (String tag : card.facts().tags()) {
                set(byTag, tag, p);
            }
            set(byProvider, card.provider(), p);
            set(byLicense, card.license(), p);
            set(byName, card.name(), p);
            set(byProject, e.project(), p);
            if (card.lineage().baseModelId() != null) {
                set(byBaseModel, card.lineage().baseModelId(), p);
            }
            for (DeploymentMode mode : card.facts().deploymentOptions()) {
                byDeployment.computeIfAbsent(mode, m -> new BitSet(size)).set(p);
            }
            byState.computeIfAbsent(e.state(), s -> new BitSet(size)).set(p);
            commercial.set(p, e.commercialUse());
            parameters[p] = card.parameterCount();
            contextWindows[p] = card.contextWindow();
            searchTexts[p] = (card.name() + "\n" + card.provider() + "\n"
                    + (card.facts().description() == null ? "" : card.facts().description())).toLowerCase(Locale.ROOT);
        }
        for (Order o : Order.values()) {
            // positions are in id order, so comparing positions is comparing ids
            int[] sorted = IntStream.range(0, size).boxed().sorted(keyOrder(o).thenComparingInt(p -> p))
                    .mapToInt(Integer::intValue).toArray();
            int[] ranks = new int[size];
            for (int r = 0; r < size; r++) {
                ranks[sorted[r]] = r;
            }
            order.put(o, sorted);
            rank.put(o, ranks);
        }
    }

    private Comparator<Integer> keyOrder(Order o) {
        return switch (o) {
            case NAME -> Comparator.comparing(p -> entries.get(p).card().name());
            case PARAMETERS -> Comparator.comparingLong(p -> parameters[p]);
            case CONTEXT_WINDOW -> Comparator.comparingInt(p -> contextWindows[p]);
            case REGISTERED_AT -> Comparator.comparing(p -> entries.get(p).registeredAt());
        };
    }

    private void set(Map<String, BitSet> index, String value, int position) {
        index.computeIfAbsent(value, v -> new BitSet(size)).set(position);
    }

    public int size() {
        return size;
    }

    public BitSet all() {
        BitSet all = new BitSet(size);
        all.set(0, size);
        return all;
    }

    /** Keeps in {@code matches} only the entries with this value (nothing when no entry has it). */
    public static void retain(BitSet matches, Map<String, BitSet> index, String value) {
        BitSet with = index.get(value);
        if (with == null) {
            matches.clear();
        } else {
            matches.and(with);
        }
    }

    /** The positions of the models of these projects; every position for null (a caller who sees all). */
    public BitSet inProjects(List<String> projects) {
        if (projects == null) {
            return all();
        }
        BitSet in = new BitSet(size);
        projects.forEach(project -> in.or(byProject.getOrDefault(project, new BitSet())));
        return in;
    }

    public Map<String, BitSet> byTask() {
        return byTask;
    }

    public Map<String, BitSet> byLanguage() {
        return byLanguage;
    }

    public Map<String, BitSet> byTag() {
        return byTag;
    }

    public Map<String, BitSet> byProvider() {
        return byProvider;
    }

    public Map<String, BitSet> byLicense() {
        return byLicense;
    }

    public Map<String, BitSet> byName() {
        return byName;
    }

    public Map<String, BitSet> byBaseModel() {
        return byBaseModel;
    }

    public BitSet byDeployment(DeploymentMode mode) {
        return byDeployment.getOrDefault(mode, new BitSet());
    }

    public BitSet byState(LifecycleState state) {
        return byState.getOrDefault(state, new BitSet());
    }

    public BitSet commercial() {
        return commercial;
    }

    public long parameters(int position) {
        return parameters[position];
    }

    public int contextWindow(int position) {
        return contextWindows[position];
    }

    public String searchText(int position) {
        return searchTexts[position];
    }

    /**
     * How many entries sort before (key, id) in the order, or at it too when {@code inclusive}: the
     * rank where a page that continues after (key, id) starts. The key's type is the order's:
     * String for NAME, Long for PARAMETERS, Integer for CONTEXT_WINDOW, OffsetDateTime for REGISTERED_AT.
     */
    public int countBefore(Order o, Object key, String id, boolean inclusive) {
        int[] sorted = order.get(o);
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            int position = sorted[middle];
            int byKey = compareKey(o, position, key);
            int compared = byKey != 0 ? byKey : entries.get(position).id().compareTo(id);
            if (compared < 0 || (inclusive && compared == 0)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int compareKey(Order o, int position, Object key) {
        return switch (o) {
            case NAME -> entries.get(position).card().name().compareTo((String) key);
            case PARAMETERS -> Long.compare(parameters[position], (Long) key);
            case CONTEXT_WINDOW -> Integer.compare(contextWindows[position], (Integer) key);
            case REGISTERED_AT -> entries.get(position).registeredAt().compareTo((java.time.OffsetDateTime) key);
        };
    }

    /** The position of the entry at rank r of the order. */
    public int positionAt(Order o, int r) {
        return order.get(o)[r];
    }

    public int rankOf(Order o, int position) {
        return rank.get(o)[position];
    }
}
