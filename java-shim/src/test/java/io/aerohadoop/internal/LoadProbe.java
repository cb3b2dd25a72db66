package io.aerohadoop.internal;

/** Run in a child JVM by {@link NativeLibraryTest}: prints where the library was loaded from. */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        NativeLibrary.load();
        System.out.println("from=" + NativeLibrary.loadedFrom());
        System.out.println("version=" + NativeLibrary.nativeVersion());
    }
}
