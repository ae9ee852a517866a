package io.fmp.governance.usecases;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A use case's lifecycle: draft -> proposed -> assessed -> approved-for-development -> in-validation ->
 * approved-for-production -> operating <-> under-review | suspended -> retired, plus rejected and prohibited.
 * Some states are reached only through what the platform decides (an assessment, a quorum of approvals),
 * never by asking for them.
 */
public enum UseCaseState {
    DRAFT, PROPOSED, ASSESSED, APPROVED_FOR_DEVELOPMENT, IN_VALIDATION, APPROVED_FOR_PRODUCTION, OPERATING,
    UNDER_REVIEW, SUSPENDED, RETIRED, REJECTED, PROHIBITED;

    /** States only governance's own decisions lead to: an assessment, a quorum of approvals. */
    static final Set<UseCaseState> DECIDED = EnumSet.of(ASSESSED, PROHIBITED, APPROVED_FOR_PRODUCTION);

    /** States from which a new assessment may be made. */
    static final Set<UseCaseState> ASSESSABLE = EnumSet.of(DRAFT, PROPOSED, ASSESSED, UNDER_REVIEW);

    /** States whose models are relied on (a new version or a poor result puts them under review). */
    static final Set<UseCaseState> RELIED_ON = EnumSet.of(APPROVED_FOR_PRODUCTION, OPERATING);

    public Set<UseCaseState> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(PROPOSED, ASSESSED, PROHIBITED, RETIRED);
            case PROPOSED -> EnumSet.of(DRAFT, ASSESSED, PROHIBITED, REJECTED);
            case ASSESSED -> EnumSet.of(ASSESSED, APPROVED_FOR_DEVELOPMENT, PROHIBITED, REJECTED);
            case APPROVED_FOR_DEVELOPMENT -> EnumSet.of(IN_VALIDATION, SUSPENDED, RETIRED);
            case IN_VALIDATION -> EnumSet.of(APPROVED_FOR_PRODUCTION, APPROVED_FOR_DEVELOPMENT, REJECTED, SUSPENDED);
            case APPROVED_FOR_PRODUCTION -> EnumSet.of(OPERATING, UNDER_REVIEW, SUSPENDED, RETIRED);
            case OPERATING -> EnumSet.of(UNDER_REVIEW, SUSPENDED, RETIRED);
            case UNDER_REVIEW -> EnumSet.of(UNDER_REVIEW, ASSESSED, PROHIBITED, OPERATING, IN_VALIDATION,
                    APPROVED_FOR_PRODUCTION, SUSPENDED, RETIRED);
            case SUSPENDED -> EnumSet.of(UNDER_REVIEW, RETIRED);
            case REJECTED -> EnumSet.of(DRAFT, RETIRED);
            case PROHIBITED -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.noneOf(UseCaseState.class);
        };
    }

    public boolean mayMoveTo(UseCaseState target) {
        return next().contains(target);
    }

    /** The API's word: approved-for-production. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<UseCaseState> ofWord(String word) {
        return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
    }
}
