// Validate many EPUBs in one JVM: EPUBCheck's start-up (seconds) is then paid once.
// Usage: java -cp epubcheck.jar EpubCheckMany.java BOOK.epub REPORT.json [BOOK REPORT ...]
// Each book is checked as `epubcheck BOOK -q --info --json REPORT` would check it.
public class EpubCheckMany {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String[] one = {args[i], "-q", "--info", "--json", args[i + 1]};
            try {
                new com.adobe.epubcheck.tool.EpubChecker().run(one);
            } catch (Throwable t) {  // no report file: the caller says so for this book
                System.err.println(args[i] + ": " + t);
            }
        }
    }
}
