package uk.nhs.peoplefinder.directory;

/**
 * A reason the server cannot start (bad seed file, port taken …), with a one-line message that
 * names the cause and, for files, the file and the place in it.
 */
public final class StartupFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupFailure(String message) {
    super(message);
  }

  public StartupFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
