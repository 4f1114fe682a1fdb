package dev.headcount.engine.hub;

import java.util.List;

/** What {@code /api/{models|datasets}/{repo}/revision/{revision}} says: the commit and the files in it. */
public record RepoListing(String commit, List<String> files) {

    public RepoListing {
        files = List.copyOf(files);
    }
}
