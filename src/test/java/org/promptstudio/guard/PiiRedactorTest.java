package org.promptstudio.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.promptstudio.guard.PiiRedactor.CustomPattern;
import org.promptstudio.guard.PiiRedactor.Finding;
import org.promptstudio.guard.PiiRedactor.Numbering;
import org.promptstudio.guard.PiiRedactor.Redacted;
import org.promptstudio.guard.PiiRedactor.Report;

/**
 * Planted personal data. Card numbers are the networks' published test numbers; IBANs are the examples of the SWIFT
 * IBAN registry (valid check digits, no real account).
 */
class PiiRedactorTest {

    private final PiiRedactor redactor = new PiiRedactor(List.of());

    private String redact(String text) {
        return redactor.redact(text, new Numbering()).text();
    }

    @Test
    void emailAddressesAreReplacedAndTheSameAddressKeepsItsNumber() {
        Numbering numbering = new Numbering();
        Redacted r = redactor.redact("Write to anna.de-vries+orders@mail.example.nl or bob@example.com; "
                + "Anna again: Anna.De-Vries+orders@mail.example.nl.", numbering);
        assertThat(r.text()).isEqualTo("Write to [EMAIL_1] or [EMAIL_2]; Anna again: [EMAIL_1].");
        assertThat(r.findings()).extracting(Finding::type).containsOnly("EMAIL");
        assertThat(r.report().counts()).isEqualTo(Map.of("EMAIL", 3));
        assertThat(numbering.distinctValues()).isEqualTo(Map.of("EMAIL", 2));
    }

    @Test
    void findingOffsetsPointAtThePlaceholderInTheRedactedText() {
        Redacted r = redactor.redact("mail x@example.org now", new Numbering());
        Finding f = r.findings().get(0);
        assertThat(r.text().substring(f.start(), f.end())).isEqualTo("[EMAIL_1]").isEqualTo(f.placeholder());
    }

    @Test
    void numberingIsSharedAcrossTheTextsOfOneDocument() {
        Numbering doc = new Numbering();
        assertThat(redactor.redact("call +31 20 123 4567", doc).text()).isEqualTo("call [PHONE_1]");
        assertThat(redactor.redact("or +44 20 7946 0958, or +31201234567", doc).text())
                .isEqualTo("or [PHONE_2], or [PHONE_1]");
        assertThat(redactor.redact("call +31 20 123 4567", new Numbering()).text()).isEqualTo("call [PHONE_1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+31 20 123 4567", "+1 (555) 123-4567", "+44 (0)20 7946 0958", "+49 30 1234567",
        "+33 1 23 45 67 89", "+31201234567", "020 123 4567", "06-12345678", "(555) 123-4567", "555-123-4567",
        "0800 123 456", "020-7946 0958", "(020) 794 6095"})
    void phoneNumbersInInternationalAndNationalForms(String phone) {
        assertThat(redact("Ring us on " + phone + " today.")).isEqualTo("Ring us on [PHONE_1] today.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Delivered on 2024-03-15 at 12:30.", "Open 09:00-17:30, Monday to Friday.",
        "Dates: 15/03/2024 and 15.03.2024 and 15-03-2024.", "Update to firmware 2.14.3 or version 10.0.19045.",
        "Your order #10234 and order #1023456789 shipped.", "In 2019, 2020 and 2021 we grew; 1999 2000 2001 2002.",
        "It costs €1 299,00 or € 129.95 or $1,299.99 or EUR 1 234 567.", "Order number 1023456789 was paid.",
        "ISBN 978-0-306-40615-7", "Range 100-200 W, 2 x 230 V, 50 Hz.", "Reference 2024 0315 1230."})
    void datesTimesVersionsOrderNumbersYearsAndPricesAreNotPhones(String text) {
        assertThat(redact(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Tel 0612345678 (evenings).", "tel: 0612345678 (evenings).", "Phone: 5551234567 (evenings).",
        "Mobile no. 0612345678 (evenings).", "Call 020 1234567 (evenings).", "mobile 06.12.34.56.78 (evenings).",
        "Fax 020.1234567 (evenings).", "Ring 0031612345678 (evenings).", "Or 0031 6 1234 5678 (evenings).",
        "Or 0044 20 7946 0958 (evenings)."})
    void aNumberAfterAPhoneWordIsAPhoneEvenWithoutSeparators(String text) {
        // the trial: "tel 0612345678" was left in the index; a dotted one stays a number (dates, versions)
        assertThat(redact(text)).endsWith(" [PHONE_1] (evenings).").doesNotContainPattern("\\d{4}");
        // the trial: 00-prefixed and dotted numbers after "mobile" were left in the index
        for (String number : List.of("Account 0612345678 is closed.", "Account 020.1234567 (a dotted number).",
                "Call 15.03.2024 to book.")) {
            assertThat(redact(number)).isEqualTo(number);
        }
    }

    @Test
    void aNumberFollowingAPhoneIsNotTakenIn() {
        assertThat(redact("call 020 123 4567 2 times")).isEqualTo("call [PHONE_1] 2 times");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "5555 5555 5555 4444",
        "3782 822463 10005", "378282246310005", "6011 1111 1111 1117", "4222222222222"})
    void cardNumbersWithAValidLuhnDigit(String card) {
        assertThat(redact("Card: " + card + ".")).isEqualTo("Card: [CARD_1].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "4111111111111121", "5555 5555 5555 4445", "378282246310006"})
    void cardNumbersFailingTheLuhnCheckAreLeftAlone(String card) {
        assertThat(redact("Card: " + card + ".")).isEqualTo("Card: " + card + ".");
    }

    @Test
    void luhnCheckDigit() {
        assertThat(PiiRedactor.luhn("79927398713")).isTrue();
        assertThat(PiiRedactor.luhn("79927398710")).isFalse();
        assertThat(PiiRedactor.luhn("4111111111111111")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606", "BE68 5390 0754 7034",
        "CH93 0076 2011 6238 5295 7", "NO93 8601 1117 947", "nl91abna0417164300", "nl91 abna 0417 1643 00"})
    void ibansWithValidCheckDigits(String iban) {
        assertThat(redact("Pay to " + iban + " please")).isEqualTo("Pay to [IBAN_1] please");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NL92 ABNA 0417 1643 00", "DE89 3704 0044 0532 0130 01", "GB82WEST12345698765433",
        "NL91 ABNA 0417 1643 0"})
    void ibansFailingTheCheckOrTheLengthAreLeftAloneAndNotTakenForPhones(String iban) {
        assertThat(redact("Pay to " + iban + " please")).isEqualTo("Pay to " + iban + " please");
    }

    @Test
    void anIbanBeforeAWordInCapitalsEndsWhereTheCheckHolds() {
        assertThat(redact("IBAN NL91 ABNA 0417 1643 00 THEN ok")).isEqualTo("IBAN [IBAN_1] THEN ok");
    }

    @Test
    void aCardNumberInsideAnIbanIsCountedOnceAsTheIban() {
        // the 16 digits inside this IBAN pass the Luhn check on their own
        String iban = "DE95 4111 1111 1111 1111 00";
        assertThat(PiiRedactor.isIban(iban.replace(" ", ""))).isTrue();
        assertThat(PiiRedactor.luhn("4111111111111111")).isTrue();
        Redacted r = redactor.redact("Account " + iban + ".", new Numbering());
        assertThat(r.text()).isEqualTo("Account [IBAN_1].");
        assertThat(r.report().counts()).isEqualTo(Map.of("IBAN", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.20", "10.0.0.1", "255.255.255.255", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "2001:db8::8a2e:370:7334", "fe80::1:2", "::ffff:192.0.2.128"})
    void ipAddresses(String ip) {
        assertThat(redact("From " + ip + ".")).isEqualTo("From [IP_1].");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Meet at 12:30 or 12:30:45.", "Octets too big: 256.1.1.1 and 192.168.1.300.",
        "MAC 00:1A:2B:3C:4D:5E on the label.", "Ratio 3:2 and Note: none.", "Version 1.2.3 of the app.",
        "Leading zeros 192.168.01.1 are not written by anyone."})
    void timesMacAddressesAndBadOctetsAreNotIpAddresses(String text) {
        assertThat(redact(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Version 1.2.3.4 is out.", "Update to v1.2.3.4 today.", "Update to v 1.2.3.4 today.",
        "The release 10.0.0.1 build fixed it.", "Firmware version: 2.10.0.4.", "build 10.0.0.1", "VERSION=4.3.2.1",
        "The latest version is 1.2.3.4.", "Rev. 1.0.0.2 of the manual.", "Version no. 3.1.4.1 ships.",
        "Dotted 1.2.3.4.5 and 10.0.0.1.7 are longer sequences.", "(v.1.2.3.4)"})
    void aDottedQuadThatTheContextCallsAVersionIsNotAnIpAddress(String text) {
        // the trial: "Version 1.2.3.4" became "Version [IP_1]"
        assertThat(redact(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Logged in from 192.168.1.20 today.", "The server at 10.0.0.1:8080 answers.",
        "The build server at 10.0.0.5 is down.", "Version 2 runs on 10.0.0.1 now.", "Our release notes: 10.0.0.1",
        "Ping 2001:db8::8a2e:370:7334 please.", "Versioned hosts: 10.1.2.3 only."})
    void realAddressesNearVersionWordsAreStillRedacted(String text) {
        Redacted r = redactor.redact(text, new Numbering());
        assertThat(r.text()).contains("[IP_1]").doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+|db8");
        assertThat(r.report().counts()).isEqualTo(Map.of("IP", 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Order 555-123-4567 shipped.", "Ticket no. 020 123 4567 is closed.",
        "Invoice number 0800 123 456.", "Tracking 020-7946 0958 says delivered.", "Serial 555 123-4567 on the box.",
        "On 2024-01-15 we shipped.", "Dates 2024-01-15, 15.01.2024 and 01/15/2024."})
    void aNumberTheContextCallsAReferenceOrADateIsNotAPhone(String text) {
        assertThat(redact(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Order line: 020 7946 0958.", "To order, call 020 123 4567.", "Ticket desk +44 20 7946 0958.",
        "Reference desk on (555) 123-4567."})
    void aPhoneNearAReferenceWordIsStillRedacted(String text) {
        assertThat(redact(text)).contains("[PHONE_1]").doesNotContainPattern("\\d{3}");
    }

    @Test
    void allowedValuesAreKeptAndNeitherNumberedNorCounted() {
        PiiRedactor allowing = new PiiRedactor(true, List.of(new CustomPattern("TICKET", "TCK\\d{4}")), List.of(
                new PiiRedactor.Allowed("Support@Thermalyn.example", null),
                new PiiRedactor.Allowed("+44 20 7946 0000", null),
                new PiiRedactor.Allowed("NL91ABNA0417164300", null),
                new PiiRedactor.Allowed("TCK0001", null),
                new PiiRedactor.Allowed(null, "[a-z]+@press\\.thermalyn\\.example"),
                new PiiRedactor.Allowed(null, "10\\.0\\.0\\.\\d+")));
        Numbering n = new Numbering();
        Redacted r = allowing.redact("Mail support@thermalyn.example or SUPPORT@THERMALYN.EXAMPLE, not "
                + "anna@thermalyn.example; call +442079460000 or +44 20 7946 0958; pay NL91 ABNA 0417 1643 00; "
                + "TCK0001 and TCK0002; press: news@press.thermalyn.example, not news@thermalyn.example.com; "
                + "hosts 10.0.0.7 and 192.168.1.20.", n);
        assertThat(r.text()).isEqualTo("Mail support@thermalyn.example or SUPPORT@THERMALYN.EXAMPLE, not [EMAIL_1]; "
                + "call +442079460000 or [PHONE_1]; pay NL91 ABNA 0417 1643 00; TCK0001 and [TICKET_1]; press: "
                + "news@press.thermalyn.example, not [EMAIL_2]; hosts 10.0.0.7 and [IP_1].");
        assertThat(r.report().counts()).isEqualTo(Map.of("EMAIL", 2, "PHONE", 1, "TICKET", 1, "IP", 1));
        assertThat(n.distinctValues()).isEqualTo(Map.of("EMAIL", 2, "PHONE", 1, "TICKET", 1, "IP", 1));
        // a regex must match the whole value: a part of an address is not enough
        PiiRedactor part = new PiiRedactor(true, List.of(), List.of(new PiiRedactor.Allowed(null, "thermalyn")));
        assertThat(part.redact("a@thermalyn.example", new Numbering()).text()).isEqualTo("[EMAIL_1]");
        // the allow-list is part of the settings, so changing it re-reads the documents
        assertThat(allowing.settings()).isNotEqualTo(new PiiRedactor(true, List.of(new CustomPattern("TICKET",
                "TCK\\d{4}"))).settings());
    }

    @Test
    void aBadAllowedExpressionIsOneLineNamingTheEntry() {
        assertThatThrownBy(() -> new PiiRedactor(true, List.of(), List.of(new PiiRedactor.Allowed("x@y.co", null),
                new PiiRedactor.Allowed(null, "(a"))))
                .isInstanceOf(GuardException.class)
                .hasMessageStartingWith("allowed value 2: the regular expression \"(a\" does not compile: Unclosed group")
                .hasMessageNotContaining("\n");
    }

    @Test
    void customPatternsGetTheirOwnTypeAndWinATieWithTheBuiltInDetectors() {
        PiiRedactor custom = new PiiRedactor(List.of(new CustomPattern("EMPLOYEE_ID", "EMP-\\d{6}"),
                new CustomPattern("TICKET", "TCK\\d{4}")));
        Numbering n = new Numbering();
        Redacted r = custom.redact("EMP-123456 raised TCK0042 for EMP-654321 and EMP-123456, mail a@b.co", n);
        assertThat(r.text()).isEqualTo("[EMPLOYEE_ID_1] raised [TICKET_1] for [EMPLOYEE_ID_2] and [EMPLOYEE_ID_1], mail [EMAIL_1]");
        assertThat(r.report().counts()).isEqualTo(Map.of("EMPLOYEE_ID", 3, "TICKET", 1, "EMAIL", 1));
        assertThat(r.report().describe()).isEqualTo("EMAIL 1, EMPLOYEE_ID 3, TICKET 1");
    }

    @Test
    void aCustomPatternThatMatchesNothingOrTheEmptyStringReplacesNothing() {
        PiiRedactor custom = new PiiRedactor(List.of(new CustomPattern("MAYBE", "x*")));
        assertThat(custom.redact("abc", new Numbering()).text()).isEqualTo("abc");
    }

    @Test
    void aBadRegularExpressionIsOneLineNamingThePattern() {
        assertThatThrownBy(() -> new PiiRedactor(List.of(new CustomPattern("EMPLOYEE_ID", "EMP-(\\d{6}"))))
                .isInstanceOf(GuardException.class)
                .hasMessageStartingWith("redaction pattern EMPLOYEE_ID: the regular expression \"EMP-(\\d{6}\" does not compile: ")
                .hasMessageContaining("Unclosed group")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Exception")
                .hasMessageNotContaining("java.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"employee_id", "Employee-ID", "1ID", "EMP ID", "_X", ""})
    void aTypeThatIsNotUpperSnakeIsRefused(String type) {
        assertThatThrownBy(() -> new PiiRedactor(List.of(new CustomPattern(type, "x"))))
                .isInstanceOf(GuardException.class)
                .hasMessage("redaction pattern type '" + type + "' is not usable: write it in capitals, digits and "
                        + "underscores, like EMPLOYEE_ID");
    }

    @Test
    void overlapsGoToTheLongerMatchThenTheEarlier() {
        // the address contains digits that look like an IPv4 address; the e-mail is longer and wins
        Redacted r = redactor.redact("admin@10.0.0.1.example.com", new Numbering());
        assertThat(r.text()).isEqualTo("[EMAIL_1]");
        PiiRedactor twoWays = new PiiRedactor(List.of(new CustomPattern("AB", "ab"), new CustomPattern("BC", "bc")));
        assertThat(twoWays.redact("abc", new Numbering()).text()).isEqualTo("[AB_1]c");
    }

    @Test
    void reportsAddUpAndNeverHoldValues() {
        Numbering n = new Numbering();
        Report a = redactor.redact("x@example.com, 4111 1111 1111 1111", n).report();
        Report b = redactor.redact("y@example.com on 10.0.0.1", n).report();
        Report sum = a.plus(b);
        assertThat(sum.counts()).containsExactly(Map.entry("CARD", 1), Map.entry("EMAIL", 2), Map.entry("IP", 1));
        assertThat(sum.total()).isEqualTo(4);
        assertThat(sum.toString()).doesNotContain("example.com").doesNotContain("4111");
        assertThat(Report.EMPTY.describe()).isEqualTo("nothing redacted");
    }

    @Test
    void everyKindInOneText() {
        String text = """
                Customer: jan@example.nl, +31 6 1234 5678.
                Paid with 5555 5555 5555 4444 from NL91 ABNA 0417 1643 00.
                Logged in from 203.0.113.7 and 2001:db8::1:2 at 12:30 on 2024-03-15, order #10234.""";
        assertThat(redact(text)).isEqualTo("""
                Customer: [EMAIL_1], [PHONE_1].
                Paid with [CARD_1] from [IBAN_1].
                Logged in from [IP_1] and [IP_2] at 12:30 on 2024-03-15, order #10234.""");
    }
}
