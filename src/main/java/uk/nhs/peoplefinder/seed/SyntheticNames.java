package uk.nhs.peoplefinder.seed;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import uk.nhs.peoplefinder.directory.Addresses;

/**
 * Realistic UK staff names for the generator: surnames weighted by rough frequency in England and
 * Wales, given names by birth cohort and background, with the accents, apostrophes, hyphens and
 * spaces that exercise R-PERSON-NAME.
 *
 * <p>Surnames carry a background; a person whose surname has one usually gets a given name of that
 * background too ({@link Background#ownNames}), otherwise one of their birth cohort. The share of
 * each background among surnames is pinned ({@link Background#share}) so that the lists can be
 * extended without shifting the mix.
 */
final class SyntheticNames {

  /** A generated person's name and the address parts the server will derive from it. */
  record Name(String given, String surname, String givenPart, String surnamePart) {}

  private record Part(String name, String addressPart, Background background) {}

  enum Background {
    // Shares are per mille of surnames; ownNames is how often the given name follows the surname.
    GENERAL(640, 0.0),
    WELSH(150, 0.15),
    IRISH(55, 0.2),
    SOUTH_ASIAN(85, 0.9),
    WEST_AFRICAN(35, 0.65),
    EAST_EUROPEAN(20, 0.85),
    FILIPINO(8, 0.85),
    CHINESE(7, 0.5);

    final int share;
    final double ownNames;

    Background(int share, double ownNames) {
      this.share = share;
      this.ownNames = ownNames;
    }
  }

  // England and Wales, rough counts in thousands (ONS and public surname studies), most common first.
  private static final String GENERAL_SURNAMES =
      """
      Smith 546, Taylor 260, Brown 250, Wilson 152, Johnson 146, Robinson 130, Thompson 127,
      Wright 124, Walker 120, White 115, Edwards 112, Green 110, Hall 108, Harris 104, Clarke 103,
      Jackson 100, Wood 95, Turner 94, Martin 92, Cooper 90, Hill 89, Ward 88, Morris 87, Moore 86,
      Clark 85, Lee 84, King 83, Baker 82, Harrison 81, Allen 79, James 78, Scott 77, Phillips 76,
      Watson 75, Davis 74, Parker 73, Bennett 71, Young 70, Mitchell 68, Cook 66, Carter 65,
      Richardson 64, Bailey 63, Collins 62, Bell 61, Shaw 60, Miller 58, Cox 57, Richards 56,
      Marshall 54, Anderson 53, Simpson 52, Ellis 51, Adams 50, Wilkinson 47, Foster 46, Chapman 45,
      Webb 43, Rogers 42, Gray 41, Mason 40, Hunt 39, Campbell 38, Matthews 38, Palmer 37,
      Holmes 37, Mills 36, Barnes 36, Knight 35, Butler 35, Russell 34, Barker 34, Fisher 33,
      Stevens 33, Murray 32, Dixon 32, Harvey 31, Graham 31, Pearson 30, Ross 30, Cole 29,
      Atkinson 29, Stewart 29, Andrews 28, Elliott 28, Reynolds 28, Saunders 27, Payne 27, Fox 27,
      Ford 26, Pearce 26, Day 26, Brooks 25, West 25, Lawrence 25, Dawson 24, Spencer 24, Rose 24,
      Hudson 23, Chambers 23, Hart 23, Howard 22, Gibson 22, Hunter 22, Grant 22, Robertson 21,
      Burton 21, Nicholson 21, Newman 20, Holland 20, Wells 20, Armstrong 20, Porter 19, Hayes 19,
      Hamilton 19, Parsons 19, Webster 18, Marsh 18, Jordan 18, Barrett 18, Hawkins 17, Hardy 15,
      Sutton 15, Bradley 15, Booth 15, Goodwin 14, Lowe 14, Berry 14, Fletcher 14, Riley 14,
      Carr 14, McDonald 14, Barton 13, Lambert 13, MacDonald 10, Smyth 8, Smith-Jones 2,
      Bowes-Lyon 1, St John 1
      """;

  private static final String WELSH_SURNAMES =
      """
      Jones 420, Williams 305, Davies 220, Evans 170, Thomas 150, Roberts 145, Hughes 111,
      Lewis 105, Morgan 80, Price 72, Griffiths 69, Powell 44, Owen 40, Lloyd 36, Jenkins 33,
      Rees 25, Parry 16, Pugh 10, Bowen 10, Vaughan 9, Howells 6, Llewellyn 6, Prosser 4,
      Lloyd-Williams 2, ap Rhys 1
      """;

  private static final String IRISH_SURNAMES =
      """
      Kelly 67, Murphy 59, Walsh 28, Ryan 25, O'Brien 22, O'Connor 20, O'Neill 18, Kennedy 18,
      Byrne 15, Doyle 14, Quinn 14, Lynch 14, McCarthy 13, O'Neil 12, Gallagher 12, Burke 12,
      Sullivan 11, Doherty 10, Fitzgerald 10, Brennan 9, Nolan 9, Flynn 9, Donnelly 8,
      McLaughlin 8, Maguire 7, O'Reilly 6, Keane 6, D'Arcy 3
      """;

  private static final String SOUTH_ASIAN_SURNAMES =
      """
      Patel 102, Khan 55, Singh 49, Begum 48, Ali 40, Hussain 39, Ahmed 35, Shah 25, Kaur 20,
      Rahman 18, Akhtar 15, Mahmood 14, Iqbal 13, Islam 12, Sharma 10, Miah 10, Uddin 10, Bibi 10,
      Choudhury 8, Gill 8, Kumar 8, Malik 8, Mistry 7, Parmar 7, Chauhan 6, Sandhu 6, Sheikh 6,
      Mehta 5, Joshi 5, Desai 5, Qureshi 5, Aslam 5, Chowdhury 5, Rashid 5, Siddiqui 4, Nawaz 4,
      Bhatti 4, Anwar 4, Saleem 4, Dhillon 4, Gupta 4, Bains 3, Kapoor 3, Nair 3, Reddy 3,
      Patel-Sharma 2, Pillai 2
      """;

  private static final String WEST_AFRICAN_SURNAMES =
      """
      Okafor 12, Adeyemi 12, Mensah 12, Owusu 12, Okonkwo 10, Adebayo 10, Boateng 10, Osei 10,
      Eze 8, Asante 8, Oladipo 6, Okoro 6, Nwosu 6, Bello 6, Afolabi 6, Appiah 6, Obi 6,
      Ogunleye 5, Adeleke 5, Agyeman 5, Chukwu 5, Ogunbiyi 4, Nwachukwu 4, Oyelaran 3
      """;

  private static final String EAST_EUROPEAN_SURNAMES =
      """
      Nowak 12, Kowalski 8, Wójcik 8, Wiśniewski 6, Kowalczyk 6, Woźniak 6, Mazur 6, Popescu 6,
      Krawczyk 5, Kaczmarek 5, Lewandowski 5, Kamiński 5, Popa 5, Zając 4, Zieliński 4,
      Szymański 4, Ionescu 4, Horváth 3, Novák 3, Petrov 3, Kazlauskas 3
      """;

  private static final String FILIPINO_SURNAMES =
      """
      Santos 10, Reyes 8, Cruz 8, Garcia 7, Bautista 6, Mendoza 6, Dela Cruz 5, Ramos 5,
      Villanueva 4, Castillo 4, Aquino 4, Fernandez 4, De Leon 3, Del Rosario 3
      """;

  private static final String CHINESE_SURNAMES =
      """
      Wong 10, Chan 10, Chen 8, Li 7, Wang 6, Zhang 5, Liu 5, Lam 5, Cheung 5, Ng 5, Leung 4,
      Ho 4, Tang 4, Yang 3, Huang 3
      """;

  // Given names, most common first within each list (weights by rank).
  private static final String BORN_1960S_MALE =
      """
      David, John, Paul, Mark, Michael, Andrew, Stephen, Peter, Robert, Richard, Ian, Gary,
      Christopher, Martin, Simon, Anthony, Kevin, Neil, Steven, Alan, Philip, Graham, Nigel, Keith,
      Colin, Darren, Jonathan, Timothy, Nicholas, Stuart, Jon, Carl, Dean, Lee, Trevor, Brian,
      Geoffrey, Roger, Malcolm, Russell, Jeremy, Adrian, Clive, Barry, Derek, Glenn, Wayne, Shaun,
      Duncan, Julian
      """;
  private static final String BORN_1960S_FEMALE =
      """
      Susan, Karen, Julie, Sarah, Jacqueline, Deborah, Tracey, Alison, Elizabeth, Helen, Amanda,
      Lisa, Nicola, Joanne, Claire, Jane, Catherine, Linda, Sharon, Wendy, Gillian, Carol, Angela,
      Dawn, Michelle, Caroline, Mary Ann, Anne-Marie, Lorraine, Beverley, Denise, Janet, Patricia,
      Margaret, Christine, Sandra, Debbie, Kim, Bernadette, Fiona, Ruth, Rachel, Teresa, Diane,
      Maxine, Paula, Yvonne, Heather, Jayne, Kathryn
      """;
  private static final String BORN_1980S_MALE =
      """
      James, Daniel, Matthew, Christopher, David, Thomas, Michael, Andrew, Richard, Mark, Robert,
      Paul, Adam, Benjamin, Luke, Jamie, Craig, Ryan, Lee, Scott, Steven, Jonathan, Gareth, Ben,
      Alexander, Nathan, Samuel, Joseph, Kieran, Dominic, Marc, Liam, Joel, Stuart, Simon, Carl,
      Sean, Philip, Anthony, Ashley, Jason, Wayne, Gavin, Neil, Darren, Oliver, Edward, Tom, Peter,
      Aaron
      """;
  private static final String BORN_1980S_FEMALE =
      """
      Sarah, Laura, Emma, Rebecca, Claire, Gemma, Rachel, Lisa, Kelly, Hannah, Amy, Emily,
      Charlotte, Louise, Victoria, Nicola, Joanne, Jennifer, Katie, Natalie, Samantha, Stacey,
      Kirsty, Zoë, Leanne, Jessica, Lucy, Danielle, Hayley, Kerry, Anna, Sophie, Stephanie,
      Michelle, Catherine, Helen, Jodie, Chloë, Renée, Zoe, Katherine, Elizabeth, Amanda, Jade,
      Vicky, Carly, Sian, Holly, Alice, Jenna
      """;
  private static final String BORN_2000S_MALE =
      """
      Jack, Thomas, Joshua, James, Daniel, Harry, Samuel, Joseph, Matthew, Callum, Luke, Oliver,
      William, Ryan, Lewis, Alexander, Benjamin, George, Jake, Connor, Liam, Charlie, Ethan, Adam,
      Jordan, Nathan, Kieran, Dylan, Tyler, Reece, Alfie, Max, Owen, Toby, Finley, Jacob, Aaron,
      Cameron, Bradley, Elliot, Mohammed, Kyle, Louis, Joe, Archie, Leo, Harvey, Rhys, Declan, Noah
      """;
  private static final String BORN_2000S_FEMALE =
      """
      Jessica, Emily, Sophie, Chloe, Lauren, Hannah, Olivia, Amelia, Isla, Megan, Charlotte, Ellie,
      Bethany, Amy, Lucy, Holly, Georgia, Grace, Rebecca, Abigail, Katie, Shannon, Jade, Molly,
      Ella, Eleanor, Millie, Lily, Niamh, Paige, Courtney, Emma, Leah, Zoë, Freya, Evie, Phoebe,
      Caitlin, Aimee, Rhiannon, Jasmine, Mia, Ruby, Erin, Amber, Abbie, Imogen, Sophia, Poppy,
      Maisie
      """;
  private static final String WELSH_MALE =
      "Rhys, Dafydd, Iwan, Huw, Geraint, Aled, Owain, Gethin, Dylan, Ieuan, Emyr, Gwyn, Rhodri, Gareth, Bryn";
  private static final String WELSH_FEMALE =
      "Siân, Cerys, Bethan, Rhiannon, Gwen, Ffion, Llinos, Eleri, Catrin, Nia, Seren, Angharad, Megan, Carys, Mererid";
  private static final String IRISH_MALE =
      """
      Seán, Ciarán, Declan, Padraig, Eoin, Cian, Darragh, Conor, Oisín, Colm, Fergal, Niall, Ronan,
      Liam, Brendan, Sean, Kieran, Eamon, Cathal, Donal
      """;
  private static final String IRISH_FEMALE =
      """
      Siobhan, Niamh, Aoife, Ciara, Sinéad, Róisín, Orla, Bríd, Áine, Caoimhe, Mairéad, Deirdre,
      Gráinne, Clodagh, Saoirse, Siobhán, Roisin, Bridget, Maeve, Eimear
      """;
  private static final String SOUTH_ASIAN_MALE =
      """
      Mohammed, Muhammad, Mohammad, Ahmed, Ali, Imran, Asif, Tariq, Usman, Bilal, Hamza, Zain,
      Rizwan, Faisal, Kamran, Adnan, Amir, Omar, Yusuf, Ibrahim, Raj, Sanjay, Vijay, Rajesh, Sunil,
      Anil, Amit, Nikhil, Rohan, Arjun, Harpreet, Gurpreet, Jaspreet, Sandeep, Ravinder, Kuldip,
      Deepak, Vikram, Hardeep, Sajid, Naveed, Shahid, Zubair, Arif, Abdul, Nadeem, Kashif, Junaid,
      Aryan, Dev
      """;
  private static final String SOUTH_ASIAN_FEMALE =
      """
      Aisha, Fatima, Ayesha, Zainab, Maryam, Sana, Saima, Nadia, Farah, Amina, Yasmin, Shazia,
      Rukhsana, Nazia, Hina, Sadia, Priya, Anjali, Pooja, Neha, Sunita, Anita, Meera, Kavita, Nisha,
      Reena, Shreya, Divya, Simran, Jasleen, Harleen, Amrit, Parveen, Shabana, Tasneem, Rubina,
      Salma, Nasreen, Asma, Rehana, Manpreet, Rani, Hema, Bhavna, Kiran, Sonia, Aaliyah, Zara,
      Noor, Inaya
      """;
  private static final String WEST_AFRICAN_MALE =
      """
      Oluwaseun, Olusegun, Adebayo, Chinedu, Emeka, Chukwuemeka, Kwame, Kofi, Kwabena, Tunde,
      Babatunde, Femi, Obinna, Ifeanyi, Yaw, Kwesi, Segun, Ayodele, Daniel, Samuel, Emmanuel,
      David, Michael, Joseph, Godfrey
      """;
  private static final String WEST_AFRICAN_FEMALE =
      """
      Folake, Funmilayo, Adaeze, Chioma, Ngozi, Blessing, Abimbola, Oluwakemi, Temitope, Yetunde,
      Abena, Ama, Akosua, Precious, Grace, Esther, Comfort, Patience, Joy, Gloria, Chiamaka,
      Ifeoma, Nkechi, Bukola, Adwoa
      """;
  private static final String EAST_EUROPEAN_MALE =
      """
      Piotr, Tomasz, Paweł, Krzysztof, Łukasz, Marcin, Michał, Jakub, Grzegorz, Andrzej, Mateusz,
      Kamil, Bartosz, Wojciech, Dariusz, Mariusz, Andrei, Mihai, Ionuț, Bogdan, Marius, Tomáš,
      Jānis, Darius, Adam
      """;
  private static final String EAST_EUROPEAN_FEMALE =
      """
      Agnieszka, Katarzyna, Małgorzata, Joanna, Magdalena, Anna, Monika, Ewa, Justyna, Aleksandra,
      Paulina, Marta, Natalia, Karolina, Dorota, Elżbieta, Beata, Elena, Ioana, Alina, Cristina,
      Andreea, Simona, Kristína, Ilona
      """;
  private static final String FILIPINO_MALE =
      """
      Jose, José, Mark Anthony, Rodel, Reynaldo, Ramon, Jun, Edwin, Ronaldo, Arnel, Rommel, Jerome,
      Christian, John Paul, Rey
      """;
  private static final String FILIPINO_FEMALE =
      """
      Maria, Mary Grace, Jocelyn, Rowena, Marites, Rosario, Cristina, Jennifer, Mylene, Lorna,
      Maricel, Analyn, Rhodora, Jovelyn, Marilou, Rachelle, Grace, Joy, Lovely, Angelica
      """;
  private static final String CHINESE_MALE =
      "Wei, Jun, Ming, Hao, Jian, Kevin, Tony, Michael, Ka Wai, Chi, Bo, Li, Yong, Peter, Eric";
  private static final String CHINESE_FEMALE =
      "Jing, Mei, Xin, Hui, Yan, Ling, Li, Jenny, Grace, Wing, Fiona, Lily, Yvonne, Xiaoyan, Wai Ling";

  /** Double-barrelled surnames made of two drawn ones (Smith-Okafor), beside the listed ones. */
  private static final double DOUBLE_BARRELLED = 0.015;

  private static final Weighted<Part> SURNAMES;
  // [cohort][sex]: born 1960–75, 1976–90, 1991–2005; 0 male, 1 female.
  private static final List<List<Weighted<Part>>> COHORTS;
  private static final Weighted<Integer> COHORT = Weighted.parse("0 30, 1 37, 2 33", Integer::valueOf);
  private static final Map<Background, List<Weighted<Part>>> OWN_NAMES = new EnumMap<>(Background.class);

  static {
    List<Part> surnames = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    addSurnames(surnames, weights, Background.GENERAL, GENERAL_SURNAMES);
    addSurnames(surnames, weights, Background.WELSH, WELSH_SURNAMES);
    addSurnames(surnames, weights, Background.IRISH, IRISH_SURNAMES);
    addSurnames(surnames, weights, Background.SOUTH_ASIAN, SOUTH_ASIAN_SURNAMES);
    addSurnames(surnames, weights, Background.WEST_AFRICAN, WEST_AFRICAN_SURNAMES);
    addSurnames(surnames, weights, Background.EAST_EUROPEAN, EAST_EUROPEAN_SURNAMES);
    addSurnames(surnames, weights, Background.FILIPINO, FILIPINO_SURNAMES);
    addSurnames(surnames, weights, Background.CHINESE, CHINESE_SURNAMES);
    SURNAMES = Weighted.of(surnames, weights);
    COHORTS =
        List.of(
            List.of(given(BORN_1960S_MALE), given(BORN_1960S_FEMALE)),
            List.of(given(BORN_1980S_MALE), given(BORN_1980S_FEMALE)),
            List.of(given(BORN_2000S_MALE), given(BORN_2000S_FEMALE)));
    OWN_NAMES.put(Background.WELSH, List.of(given(WELSH_MALE), given(WELSH_FEMALE)));
    OWN_NAMES.put(Background.IRISH, List.of(given(IRISH_MALE), given(IRISH_FEMALE)));
    OWN_NAMES.put(Background.SOUTH_ASIAN, List.of(given(SOUTH_ASIAN_MALE), given(SOUTH_ASIAN_FEMALE)));
    OWN_NAMES.put(Background.WEST_AFRICAN, List.of(given(WEST_AFRICAN_MALE), given(WEST_AFRICAN_FEMALE)));
    OWN_NAMES.put(Background.EAST_EUROPEAN, List.of(given(EAST_EUROPEAN_MALE), given(EAST_EUROPEAN_FEMALE)));
    OWN_NAMES.put(Background.FILIPINO, List.of(given(FILIPINO_MALE), given(FILIPINO_FEMALE)));
    OWN_NAMES.put(Background.CHINESE, List.of(given(CHINESE_MALE), given(CHINESE_FEMALE)));
  }

  private SyntheticNames() {}

  /**
   * A person's name.
   *
   * @param femaleShare the chance that the given name is a woman's (sectors differ: care is mostly
   *     women)
   */
  static Name person(SplittableRandom random, double femaleShare) {
    Part surname = SURNAMES.pick(random);
    int sex = random.nextDouble() < femaleShare ? 1 : 0;
    List<Weighted<Part>> own = OWN_NAMES.get(surname.background());
    Part given =
        own != null && random.nextDouble() < surname.background().ownNames
            ? own.get(sex).pick(random)
            : COHORTS.get(COHORT.pick(random)).get(sex).pick(random);
    if (random.nextDouble() < DOUBLE_BARRELLED) {
      Part second = SURNAMES.pick(random);
      if (second != surname && surname.name().indexOf('-') < 0 && second.name().indexOf('-') < 0) {
        return new Name(
            given.name(),
            surname.name() + "-" + second.name(),
            given.addressPart(),
            surname.addressPart() + "-" + second.addressPart());
      }
    }
    return new Name(given.name(), surname.name(), given.addressPart(), surname.addressPart());
  }

  /** A surname alone, for organisation names ("Khan's Chemist"). */
  static String surname(SplittableRandom random) {
    return SURNAMES.pick(random).name();
  }

  /** Every listed surname, most common first within each background. */
  static List<String> allSurnames() {
    return SURNAMES.values().stream().map(Part::name).toList();
  }

  /** Every given name and surname the generator can produce (for tests). */
  static List<String> allNames() {
    List<String> all = new ArrayList<>();
    SURNAMES.values().forEach(p -> all.add(p.name()));
    COHORTS.forEach(pair -> pair.forEach(w -> w.values().forEach(p -> all.add(p.name()))));
    OWN_NAMES.values().forEach(pair -> pair.forEach(w -> w.values().forEach(p -> all.add(p.name()))));
    return all;
  }

  private static void addSurnames(List<Part> parts, List<Long> weights, Background background, String table) {
    Weighted<Part> list = Weighted.parse(table, name -> part(name, background));
    // Scale the list to its background's share (in millionths of all surnames).
    for (int i = 0; i < list.values().size(); i++) {
      parts.add(list.values().get(i));
      weights.add(Math.max(1, list.weight(i) * background.share * 1000 / list.totalWeight()));
    }
  }

  private static Weighted<Part> given(String table) {
    return Weighted.parse(table, name -> part(name, Background.GENERAL));
  }

  private static Part part(String name, Background background) {
    String addressPart = Addresses.personPart(name);
    if (addressPart.isEmpty()) {
      throw new IllegalStateException("name '" + name + "' gives an empty address part");
    }
    return new Part(name, addressPart, background);
  }
}
