package org.promptstudio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Which H2 errors mean "another studio opened or closed the file" (tried again, safely: decision 0045) and which are
 * real failures. The general error is the one a new-user trial met when the holder exited under a guest's insert:
 * {@code General error: "org.h2.mvstore.MVStoreException: Transaction 3 is closed"} with "Database is already closed"
 * suppressed; it lost a call.
 */
class RaceErrorsTest {

    @Test
    void aTransactionClosedUnderAGuestIsARace() {
        SQLException general = new SQLException("General error: \"org.h2.mvstore.MVStoreException: Transaction 3 is"
                + " closed [2.5.252/4]\"", "HY000", ErrorCode.GENERAL_ERROR_1);
        assertThat(Database.isRace(general)).isTrue();

        SQLException withSuppressed = new SQLException("General error", "HY000", ErrorCode.GENERAL_ERROR_1);
        withSuppressed.addSuppressed(new SQLException("Database is already closed", "90121", ErrorCode.DATABASE_IS_CLOSED));
        assertThat(Database.isRace(withSuppressed)).isTrue();

        assertThat(Database.isRace(new SQLException("Connection is broken", "90067", ErrorCode.CONNECTION_BROKEN_1)))
                .isTrue();
    }

    @Test
    void otherErrorsAreNot() {
        assertThat(Database.isRace(new SQLException("General error: out of memory", "HY000", ErrorCode.GENERAL_ERROR_1)))
                .isFalse();
        assertThat(Database.isRace(new SQLException("Unique index or primary key violation", "23505",
                ErrorCode.DUPLICATE_KEY_1))).isFalse();
        assertThat(Database.isRace(new SQLException("Syntax error", "42000", ErrorCode.SYNTAX_ERROR_1))).isFalse();
    }
}
